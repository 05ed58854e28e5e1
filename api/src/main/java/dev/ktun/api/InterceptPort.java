package dev.ktun.api;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * One redirected Service port.
 *
 * @param port the Service port, by number ({@code 80}) or by name ({@code http})
 * @param localPort the port on the developer's machine that receives this port's connections
 */
public record InterceptPort(@Required IntOrString port, @Required @Min(1) @Max(65535) Integer localPort) {}
