package dev.ktun.outbound;

import java.util.Collection;

/** The cluster's Services as ktun currently knows them; the client feeds it from an informer. */
public interface ServiceCatalog {

    /** A consistent snapshot of every known Service. */
    Collection<ClusterService> services();

    /** Runs {@code onChange} after every change (on the thread that made it); ktun then re-reads {@link #services()}. */
    void subscribe(Runnable onChange);
}
