package dev.devd.testing;

/**
 * Kubernetes YAML and a Helm chart that several tests deploy, written into a {@link TestProject}.
 */
public final class YamlFixtures {
  private YamlFixtures() {}

  /**
   * A Deployment of one container, its pods labelled {@code app: NAME}, with a {@code MODE}
   * variable.
   */
  public static String deployment(String name, String image, String mode) {
    return withContainer(
        name, "{name: web, image: " + image + ", env: [{name: MODE, value: " + mode + "}]}");
  }

  /**
   * A Deployment whose one container, web, runs {@code image} with these {@code ports} (YAML flow
   * items).
   */
  public static String publishing(String name, String image, String ports) {
    return withContainer(name, "{name: web, image: " + image + ", ports: [" + ports + "]}");
  }

  private static String withContainer(String name, String container) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %1$s}
        spec:
          selector: {matchLabels: {app: %1$s}}
          template:
            metadata: {labels: {app: %1$s}}
            spec:
              containers:
                - %2$s
        """
        .formatted(name, container);
  }

  /**
   * The chart "shop" in deploy/chart: a Deployment {@code RELEASE-web} of the image in its values
   * ({@code web}) with {@code replicas} and a {@code GREETING} variable from its values, a subchart
   * "cache" in charts/ with a ConfigMap {@code RELEASE-cache}, and a test hook (a Pod) that is
   * never deployed; plus deploy/dev-values.yaml, which sets the greeting.
   */
  public static void writeShopChart(TestProject project) {
    project.write(
        "deploy/chart/Chart.yaml",
        """
        apiVersion: v2
        name: shop
        version: 0.1.0
        dependencies:
          - {name: cache, version: 0.1.0}
        """);
    project.write("deploy/chart/values.yaml", "replicas: 3\ngreeting: hello\nimage: web\n");
    project.write(
        "deploy/chart/templates/deployment.yaml",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ .Release.Name }}-web
        spec:
          replicas: {{ .Values.replicas }}
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
                - name: web
                  image: {{ .Values.image }}
                  env:
                    - {name: GREETING, value: {{ .Values.greeting | quote }}}
        """);
    project.write(
        "deploy/chart/templates/test.yaml",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{ .Release.Name }}-test
          annotations: {"helm.sh/hook": test}
        spec:
          containers: [{name: t, image: busybox}]
        """);
    project.write(
        "deploy/chart/charts/cache/Chart.yaml", "apiVersion: v2\nname: cache\nversion: 0.1.0\n");
    project.write(
        "deploy/chart/charts/cache/templates/configmap.yaml",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-cache
        data: {size: "64"}
        """);
    project.write("deploy/dev-values.yaml", "greeting: hi from dev\n");
  }
}
