package dev.devd.render;

/**
 * A string in an object that may be an image ref, and where it stands.
 *
 * @param where a container's {@code image}, an image volume's {@code reference}, a container's env
 *     {@code value}, or a custom kind's image path
 */
record ImageSighting(String image, Where where, K8sObject object) {
  enum Where {
    CONTAINER,
    VOLUME,
    ENV_VALUE,
    KIND_PATH
  }
}
