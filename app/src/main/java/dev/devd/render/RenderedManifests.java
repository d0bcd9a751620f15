package dev.devd.render;

import java.util.List;

/**
 * The objects of one resource with devd's changes applied (deployed image refs, labels, pull
 * policy), ready to apply.
 */
public record RenderedManifests(String resource, List<K8sObject> objects) {
  public RenderedManifests {
    objects = List.copyOf(objects);
  }
}
