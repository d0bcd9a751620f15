package dev.devd.status;

import dev.devd.runtime.PodSnapshot;
import dev.devd.status.ResourceStatus.CurrentPass;
import dev.devd.status.ResourceStatus.FinishedPass;
import dev.devd.status.ResourceStatus.LiveUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON of devd's status API, written by the server and read back by the CLI. Written field by
 * field rather than from the records so the wire format is a decision, not a side effect of
 * renaming a component:
 *
 * <pre>
 * [{"name":"web","kind":"image","triggerMode":"auto","labels":["frontend"],"enabled":true,"state":"ok","pendingChanges":0,
 *   "currentPass":null | {"reason":"first update","kind":"build","startedAt":"2025-01-01T10:00:00Z"},
 *   "lastPass":null | PASS (the newest of history),
 *   "history":[PASS, ...] (oldest first, at most 20), where PASS is
 *     {"reason":..,"kind":"build"|"liveUpdate"|"cached"|"deployOnly"|"command"|"nothing","startedAt":..,
 *      "finishedAt":..,"durationMs":1200,"ok":true,"error":null,"deployedRef":..,"syncedFiles":0},
 *   "deployedRef":"web:devd-3f2a9c01d2e4b7a6" | null,
 *   "liveUpdate":null | {"files":3,"at":"2025-01-01T10:42:00Z"},
 *   "links":[{"url":"http://127.0.0.1:8000/","label":"port-forward 8000 → 80"}],
 *   "pods":[{"namespace":..,"name":..,"phase":..,"ready":true,"restarts":0,"crashLooping":false,"images":[..],"containers":[..],"seenAt":..}]}]
 * {"lines":[{"seq":7,"resource":"web","time":"2025-01-01T10:00:00Z","text":"...","source":"build"}],"next":7}   (a log page)
 * {"triggered":"web"}                                                                        (a trigger accepted)
 * {"resource":"web","enabled":false}                                                         (an enable or disable accepted)
 * {"error":"what went wrong; what to do"}                                                     (any refusal)
 * </pre>
 */
public final class StatusJson {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private StatusJson() {}

  public static String resources(List<ResourceStatus> resources) {
    ArrayNode array = JSON.createArrayNode();
    for (ResourceStatus status : resources) write(status, array.addObject());
    return JSON.writeValueAsString(array);
  }

  private static void write(ResourceStatus status, ObjectNode node) {
    node.put("name", status.name());
    node.put("kind", status.kind());
    node.put("triggerMode", status.triggerMode());
    ArrayNode labels = node.putArray("labels");
    status.labels().forEach(labels::add);
    node.put("enabled", status.enabled());
    node.put("state", status.state().shown());
    node.put("pendingChanges", status.pendingChanges());
    status
        .currentPass()
        .ifPresentOrElse(
            current -> {
              ObjectNode pass = node.putObject("currentPass");
              pass.put("reason", current.reason());
              pass.put("kind", current.kind().json());
              pass.put("startedAt", current.startedAt().toString());
            },
            () -> node.putNull("currentPass"));
    status
        .lastPass()
        .ifPresentOrElse(
            last -> write(last, node.putObject("lastPass")), () -> node.putNull("lastPass"));
    ArrayNode history = node.putArray("history");
    for (FinishedPass pass : status.history()) write(pass, history.addObject());
    node.put("deployedRef", status.deployedRef().orElse(null));
    status
        .liveUpdate()
        .ifPresentOrElse(
            live -> {
              ObjectNode update = node.putObject("liveUpdate");
              update.put("files", live.files());
              update.put("at", live.at().toString());
            },
            () -> node.putNull("liveUpdate"));
    ArrayNode links = node.putArray("links");
    for (ResourceLink link : status.links())
      links.addObject().put("url", link.url()).put("label", link.label());
    ArrayNode pods = node.putArray("pods");
    for (PodSnapshot pod : status.pods()) {
      ObjectNode p = pods.addObject();
      p.put("namespace", pod.namespace());
      p.put("name", pod.name());
      p.put("phase", pod.phase());
      p.put("ready", pod.ready());
      p.put("restarts", pod.restarts());
      p.put("crashLooping", pod.crashLooping());
      pod.images().forEach(p.putArray("images")::add);
      pod.containers().forEach(p.putArray("containers")::add);
      p.put("seenAt", pod.seenAt().toString());
    }
  }

  private static void write(FinishedPass pass, ObjectNode node) {
    node.put("reason", pass.reason());
    node.put("kind", pass.kind().json());
    node.put("startedAt", pass.startedAt().toString());
    node.put("finishedAt", pass.finishedAt().toString());
    node.put("durationMs", pass.duration().toMillis());
    node.put("ok", pass.ok());
    node.put("error", pass.error().orElse(null));
    node.put("deployedRef", pass.deployedRef().orElse(null));
    node.put("syncedFiles", pass.syncedFiles());
  }

  /** Reads what {@link #resources} wrote; throws Jackson's exception on anything else. */
  public static List<ResourceStatus> readResources(String json) {
    List<ResourceStatus> resources = new ArrayList<>();
    for (JsonNode node : JSON.readTree(json).values()) {
      String name = node.path("name").asString();
      JsonNode current = node.path("currentPass");
      JsonNode live = node.path("liveUpdate");
      List<PodSnapshot> pods = new ArrayList<>();
      for (JsonNode p : node.path("pods").values()) {
        pods.add(
            new PodSnapshot(
                name,
                p.path("namespace").asString(),
                p.path("name").asString(),
                p.path("phase").asString(),
                p.path("ready").asBoolean(),
                p.path("restarts").asInt(),
                p.path("crashLooping").asBoolean(),
                strings(p.path("images")),
                strings(p.path("containers")),
                Instant.parse(p.path("seenAt").asString())));
      }
      List<FinishedPass> history = new ArrayList<>();
      for (JsonNode pass : node.path("history").values()) history.add(readPass(pass));
      List<ResourceLink> links = new ArrayList<>();
      for (JsonNode link : node.path("links").values())
        links.add(new ResourceLink(link.path("url").asString(), link.path("label").asString()));
      resources.add(
          new ResourceStatus(
              name,
              node.path("kind").asString(),
              node.path("triggerMode").asString(),
              strings(node.path("labels")),
              node.path("enabled").asBoolean(true),
              ResourceState.parse(node.path("state").asString()),
              current.isObject()
                  ? Optional.of(
                      new CurrentPass(
                          current.path("reason").asString(),
                          PassKind.parse(current.path("kind").asString()),
                          Instant.parse(current.path("startedAt").asString())))
                  : Optional.empty(),
              history,
              optionalString(node.path("deployedRef")),
              live.isObject()
                  ? Optional.of(
                      new LiveUpdate(
                          live.path("files").asInt(), Instant.parse(live.path("at").asString())))
                  : Optional.empty(),
              pods,
              node.path("pendingChanges").asInt(),
              links));
    }
    return resources;
  }

  private static FinishedPass readPass(JsonNode pass) {
    return new FinishedPass(
        pass.path("reason").asString(),
        PassKind.parse(pass.path("kind").asString()),
        Instant.parse(pass.path("startedAt").asString()),
        Duration.ofMillis(pass.path("durationMs").asLong()),
        pass.path("ok").asBoolean(),
        optionalString(pass.path("error")),
        optionalString(pass.path("deployedRef")),
        pass.path("syncedFiles").asInt());
  }

  public static String logPage(LogPage page) {
    ObjectNode node = JSON.createObjectNode();
    ArrayNode lines = node.putArray("lines");
    for (LogLine line : page.lines()) write(line, lines.addObject());
    node.put("next", page.next());
    return JSON.writeValueAsString(node);
  }

  public static LogPage readLogPage(String json) {
    JsonNode node = JSON.readTree(json);
    List<LogLine> lines = new ArrayList<>();
    for (JsonNode line : node.path("lines").values()) lines.add(read(line));
    return new LogPage(lines, node.path("next").asLong());
  }

  /**
   * One line of a followed log: a JSON object on one line of text (the stream is newline-delimited
   * JSON).
   */
  public static String logLine(LogLine line) {
    ObjectNode node = JSON.createObjectNode();
    write(line, node);
    return JSON.writeValueAsString(node);
  }

  public static LogLine readLogLine(String json) {
    return read(JSON.readTree(json));
  }

  private static void write(LogLine line, ObjectNode node) {
    node.put("seq", line.sequence());
    node.put("resource", line.resource());
    node.put("time", line.time().toString());
    node.put("text", line.text());
    node.put("source", line.source().json());
  }

  private static LogLine read(JsonNode node) {
    return new LogLine(
        node.path("seq").asLong(),
        node.path("resource").asString(),
        Instant.parse(node.path("time").asString()),
        node.path("text").asString(),
        LogLine.Source.parse(node.path("source").asString()));
  }

  public static String error(String message) {
    ObjectNode node = JSON.createObjectNode();
    node.put("error", message);
    return JSON.writeValueAsString(node);
  }

  /** The answer to a trigger request that was accepted. */
  public static String triggered(String resource) {
    ObjectNode node = JSON.createObjectNode();
    node.put("triggered", resource);
    return JSON.writeValueAsString(node);
  }

  /** The answer to an enable or disable request that was accepted. */
  public static String switched(String resource, boolean enabled) {
    ObjectNode node = JSON.createObjectNode();
    node.put("resource", resource);
    node.put("enabled", enabled);
    return JSON.writeValueAsString(node);
  }

  /**
   * The message of an {@link #error} body; the body itself when it is not one (a proxy's page,
   * say).
   */
  public static String readError(String body) {
    try {
      JsonNode error = JSON.readTree(body).path("error");
      return error.isString() ? error.asString() : body;
    } catch (RuntimeException notJson) {
      return body;
    }
  }

  private static List<String> strings(JsonNode array) {
    return array.values().stream().map(JsonNode::asString).toList();
  }

  private static Optional<String> optionalString(JsonNode node) {
    return node.isString() ? Optional.of(node.asString()) : Optional.empty();
  }
}
