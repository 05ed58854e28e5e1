package dev.ktun.charts;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Pod Security Standards "restricted" profile (which includes "baseline"), as the pod-security admission
 * controller checks a pod spec, plus ktun's own rule that every root filesystem is read-only. Returns what is
 * wrong, one sentence per violation; an empty list means the pod would be admitted in a restricted namespace.
 *
 * @see <a href="https://kubernetes.io/docs/concepts/security/pod-security-standards/">Pod Security Standards</a>
 */
final class PodSecurityRestricted {

  private static final Set<String> RESTRICTED_VOLUME_TYPES =
      Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret", "image");
  private static final Set<String> SAFE_SYSCTLS =
      Set.of(
          "kernel.shm_rmid_forced",
          "net.ipv4.ip_local_port_range",
          "net.ipv4.ip_unprivileged_port_start",
          "net.ipv4.tcp_syncookies",
          "net.ipv4.ping_group_range",
          "net.ipv4.ip_local_reserved_ports",
          "net.ipv4.tcp_keepalive_time",
          "net.ipv4.tcp_fin_timeout",
          "net.ipv4.tcp_keepalive_intvl",
          "net.ipv4.tcp_keepalive_probes");

  static List<String> violations(PodSpec pod) {
    List<String> found = new ArrayList<>();
    PodSecurityContext podContext = pod.getSecurityContext() == null ? new PodSecurityContext() : pod.getSecurityContext();
    if (isTrue(pod.getHostNetwork()) || isTrue(pod.getHostPID()) || isTrue(pod.getHostIPC())) {
      found.add("pod shares a host namespace (hostNetwork, hostPID or hostIPC)");
    }
    for (Volume volume : nullSafe(pod.getVolumes())) {
      String type = volumeType(volume);
      if (!RESTRICTED_VOLUME_TYPES.contains(type)) {
        found.add("volume " + volume.getName() + " has type " + type + ", not allowed by restricted");
      }
    }
    if (isRoot(podContext.getRunAsUser())) {
      found.add("pod runs as UID 0");
    }
    if (podContext.getSeLinuxOptions() != null && (podContext.getSeLinuxOptions().getUser() != null || podContext.getSeLinuxOptions().getRole() != null)) {
      found.add("pod sets an SELinux user or role");
    }
    if (podContext.getAppArmorProfile() != null && "Unconfined".equals(podContext.getAppArmorProfile().getType())) {
      found.add("pod runs AppArmor unconfined");
    }
    if (!allowedSeccomp(podContext.getSeccompProfile(), true)) {
      found.add("pod seccompProfile is " + podContext.getSeccompProfile().getType());
    }
    nullSafe(podContext.getSysctls()).stream()
        .filter(s -> !SAFE_SYSCTLS.contains(s.getName()))
        .forEach(s -> found.add("pod sets unsafe sysctl " + s.getName()));
    Stream.concat(nullSafe(pod.getInitContainers()).stream(), nullSafe(pod.getContainers()).stream())
        .forEach(c -> found.addAll(containerViolations(c, podContext)));
    return found;
  }

  private static List<String> containerViolations(Container container, PodSecurityContext pod) {
    List<String> found = new ArrayList<>();
    String name = "container " + container.getName() + ": ";
    SecurityContext context = container.getSecurityContext() == null ? new SecurityContext() : container.getSecurityContext();
    if (isTrue(context.getPrivileged())) {
      found.add(name + "privileged");
    }
    if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
      found.add(name + "allowPrivilegeEscalation is not false");
    }
    Boolean runAsNonRoot = context.getRunAsNonRoot() != null ? context.getRunAsNonRoot() : pod.getRunAsNonRoot();
    if (!isTrue(runAsNonRoot)) {
      found.add(name + "runAsNonRoot is not true (neither on the container nor on the pod)");
    }
    if (isRoot(context.getRunAsUser())) {
      found.add(name + "runs as UID 0");
    }
    SeccompProfile seccomp = context.getSeccompProfile() != null ? context.getSeccompProfile() : pod.getSeccompProfile();
    if (seccomp == null || !allowedSeccomp(seccomp, false)) {
      found.add(name + "seccompProfile is not RuntimeDefault or Localhost (neither on the container nor on the pod)");
    }
    Capabilities capabilities = context.getCapabilities() == null ? new Capabilities() : context.getCapabilities();
    if (!nullSafe(capabilities.getDrop()).contains("ALL")) {
      found.add(name + "capabilities do not drop ALL");
    }
    nullSafe(capabilities.getAdd()).stream()
        .filter(c -> !c.equals("NET_BIND_SERVICE"))
        .forEach(c -> found.add(name + "adds capability " + c));
    nullSafe(container.getPorts()).stream()
        .filter(p -> p.getHostPort() != null && p.getHostPort() != 0)
        .forEach(p -> found.add(name + "uses host port " + p.getHostPort()));
    if (context.getAppArmorProfile() != null && "Unconfined".equals(context.getAppArmorProfile().getType())) {
      found.add(name + "runs AppArmor unconfined");
    }
    if (context.getProcMount() != null && !context.getProcMount().equals("Default")) {
      found.add(name + "procMount is " + context.getProcMount());
    }
    if (context.getSeLinuxOptions() != null && (context.getSeLinuxOptions().getUser() != null || context.getSeLinuxOptions().getRole() != null)) {
      found.add(name + "sets an SELinux user or role");
    }
    if (!isTrue(context.getReadOnlyRootFilesystem())) {
      found.add(name + "root filesystem is writable (ktun requires readOnlyRootFilesystem)");
    }
    return found;
  }

  private static boolean allowedSeccomp(SeccompProfile profile, boolean absentAllowed) {
    if (profile == null || profile.getType() == null) {
      return absentAllowed;
    }
    return profile.getType().equals("RuntimeDefault") || profile.getType().equals("Localhost");
  }

  /** The volume source that is set, by its field name in the API (configMap, hostPath, ...). */
  @SuppressWarnings("unchecked")
  private static String volumeType(Volume volume) {
    Map<String, Object> fields = RenderedChart.SERIALIZATION.convertValue(volume, Map.class);
    return fields.keySet().stream().filter(k -> !k.equals("name")).filter(k -> fields.get(k) != null).findFirst().orElse("none");
  }

  private static boolean isRoot(Long uid) {
    return uid != null && uid == 0;
  }

  private static boolean isTrue(Boolean value) {
    return Boolean.TRUE.equals(value);
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
  }

  private PodSecurityRestricted() {}
}
