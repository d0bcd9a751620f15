package dev.devd.console;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The {@code %prefix} of devd's log patterns: {@code [name] } for a resource's line, nothing for
 * devd's own.
 */
public final class ResourcePrefixConverter extends ClassicConverter {
  @Override
  public String convert(ILoggingEvent event) {
    String resource = event.getMDCPropertyMap().get("resource");
    return resource == null || resource.isEmpty() ? "" : "[" + resource + "] ";
  }
}
