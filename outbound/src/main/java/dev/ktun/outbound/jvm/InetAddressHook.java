package dev.ktun.outbound.jvm;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Puts {@link ClusterLookup} in front of the JVM's name resolution, keeping the JVM's own resolver behind it for every
 * other name. Two JDK generations, one mechanism (a dynamic proxy of the JDK's own interface, set into
 * {@code InetAddress}'s private static field, which the agent opened to itself):
 * <ul>
 *   <li>JDK 18+: {@code InetAddress.resolver}, a {@code java.net.spi.InetAddressResolver} (JEP 418);</li>
 *   <li>JDK 17: {@code InetAddress.nameService}, a {@code java.net.InetAddress$NameService}.</li>
 * </ul>
 * Proxies instead of implementing the interfaces, so the same class files run on 17 (where the JEP 418 types do not
 * exist) and on 18+. Older JDKs cannot load the agent at all: its classes are Java 17 bytecode.
 */
final class InetAddressHook implements InvocationHandler {
    private static final int IPV4 = 1;

    private final ClusterLookup lookup;
    private final Object original;
    private final boolean jep418;

    private InetAddressHook(ClusterLookup lookup, Object original, boolean jep418) {
        this.lookup = lookup;
        this.original = original;
        this.jep418 = jep418;
    }

    /** Installs the hook; returns which JDK mechanism it used. */
    static String install(ClusterLookup lookup) throws ReflectiveOperationException {
        Field field;
        Object original;
        Class<?> type;
        boolean jep418;
        try {
            field = InetAddress.class.getDeclaredField("resolver");
            Method current = InetAddress.class.getDeclaredMethod("resolver");
            current.setAccessible(true);
            original = current.invoke(null);
            type = Class.forName("java.net.spi.InetAddressResolver");
            jep418 = true;
        } catch (NoSuchFieldException | NoSuchMethodException e) {
            field = InetAddress.class.getDeclaredField("nameService");
            field.setAccessible(true);
            original = field.get(null);
            type = Class.forName("java.net.InetAddress$NameService");
            jep418 = false;
        }
        field.setAccessible(true);
        Object hook = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type},
                new InetAddressHook(lookup, original, jep418));
        field.set(null, hook);
        return jep418 ? "InetAddress.resolver (JDK 18+)" : "InetAddress.nameService (JDK 17)";
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "lookupByName", "lookupAllHostAddr" -> {
                String host = (String) args[0];
                if (!jep418 || wantsIpv4(args[1])) {
                    InetAddress[] found = lookup.lookup(host);
                    if (found != null) {
                        return jep418 ? Stream.of(found) : found;
                    }
                }
                return delegate(method, args);
            }
            case "lookupByAddress", "getHostByAddr" -> {
                return delegate(method, args);
            }
            case "toString" -> {
                return "ktun cluster names, then " + original;
            }
            case "hashCode" -> {
                return System.identityHashCode(proxy);
            }
            case "equals" -> {
                return proxy == args[0];
            }
            default -> throw new UnsupportedOperationException(method + " " + Arrays.toString(args));
        }
    }

    /** JEP 418's LookupPolicy: ktun has IPv4 answers only, useless to a caller that asked for IPv6 alone. */
    private static boolean wantsIpv4(Object policy) throws ReflectiveOperationException {
        Method characteristics = policy.getClass().getMethod("characteristics");
        characteristics.setAccessible(true);
        return ((int) characteristics.invoke(policy) & IPV4) != 0;
    }

    private Object delegate(Method method, Object[] args) throws Throwable {
        method.setAccessible(true);
        try {
            return method.invoke(original, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
