package dev.ktun.outbound;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** The cluster's Services as ktun currently knows them; the client feeds it from an informer. */
public interface ServiceCatalog {

    /** A consistent snapshot of every known Service. */
    Collection<ClusterService> services();

    /** The namespaces whose Services are all in {@link #services()}, including those that have none. */
    Set<String> namespaces();

    /** Runs {@code onChange} after every change (on the thread that made it); ktun then re-reads {@link #services()}. */
    void subscribe(Runnable onChange);

    /**
     * Follows one more namespace, because a name in it was asked. Completes once its Services are in the catalog (at
     * once if they are already); fails, saying why, when they cannot be followed (the developer may not list them).
     */
    CompletionStage<Void> follow(String namespace);
}
