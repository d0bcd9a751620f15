package dev.devd.k8s;

import dev.devd.runtime.ObjectRef;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What devd applied to one kubeconfig context for one project, per resource, kept in {@code
 * .devd/applied-<context>.json} so that pruning and {@code devd down} still know it after devd
 * restarts. Safe to use from several resource loops at once; every change is written at once,
 * atomically (a new file moved over the old one), so a crash leaves either the old or the new
 * state, never half of one.
 */
public final class AppliedState {
  private static final int FORMAT = 1;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path file;
  private final String context;
  private final Map<String, List<ObjectRef>> objects;

  private AppliedState(Path file, String context, Map<String, List<ObjectRef>> objects) {
    this.file = file;
    this.context = context;
    this.objects = objects;
  }

  /** The state file of this context in devd's state folder: {@code applied-<context>.json}. */
  public static Path file(Path stateDir, String context) {
    // Context names can hold '/', ':' and '@' (EKS ARNs, OpenShift "ns/host/user"); the file name
    // keeps the safe ones.
    return stateDir.resolve("applied-" + context.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
  }

  /** Reads what devd applied to this context before; nothing when the file does not exist yet. */
  public static AppliedState load(Path stateDir, String context) throws ClusterException {
    Path file = file(stateDir, context);
    Map<String, List<ObjectRef>> objects = new TreeMap<>();
    if (Files.exists(file)) {
      try {
        Map<?, ?> root = JSON.readValue(Files.readString(file), Map.class);
        if (!(root.get("resources") instanceof Map<?, ?> resources))
          throw new IllegalArgumentException("no \"resources\" object");
        for (var entry : resources.entrySet()) {
          List<ObjectRef> refs = new ArrayList<>();
          for (Object item : (List<?>) entry.getValue()) {
            Map<?, ?> ref = (Map<?, ?>) item;
            refs.add(
                new ObjectRef(
                    text(ref, "apiVersion"),
                    text(ref, "kind"),
                    text(ref, "namespace"),
                    text(ref, "name")));
          }
          objects.put((String) entry.getKey(), List.copyOf(refs));
        }
      } catch (IOException | JacksonException | ClassCastException | IllegalArgumentException e) {
        throw new ClusterException(
            file
                + " is not a state file devd can read ("
                + e.getMessage()
                + "), so devd does not "
                + "know what it applied to context \""
                + context
                + "\"; delete the file to start afresh, and remove what devd "
                + "applied before by hand (its objects carry the label app.kubernetes.io/managed-by=devd)",
            e);
      }
    }
    return new AppliedState(file, context, objects);
  }

  public Path file() {
    return file;
  }

  public String context() {
    return context;
  }

  /** The objects last recorded for a resource; none if it was never applied. */
  public synchronized List<ObjectRef> objects(String resource) {
    return objects.getOrDefault(resource, List.of());
  }

  /** Every resource with what was recorded for it, in name order. */
  public synchronized Map<String, List<ObjectRef>> all() {
    return java.util.Collections.unmodifiableMap(new TreeMap<>(objects));
  }

  /**
   * The resources other than {@code resource} that have this object recorded (it moved between
   * resources).
   */
  public synchronized Set<String> otherHolders(ObjectRef ref, String resource) {
    Set<String> holders = new LinkedHashSet<>();
    objects.forEach(
        (name, refs) -> {
          if (!name.equals(resource) && refs.contains(ref)) holders.add(name);
        });
    return holders;
  }

  /** Replaces what is recorded for a resource (none removes it) and writes the file. */
  public synchronized void record(String resource, List<ObjectRef> refs) throws ClusterException {
    List<ObjectRef> distinct = List.copyOf(new LinkedHashSet<>(refs));
    if (distinct.equals(objects.getOrDefault(resource, List.of()))) return;
    if (distinct.isEmpty()) objects.remove(resource);
    else objects.put(resource, distinct);
    write();
  }

  private void write() throws ClusterException {
    try {
      if (objects.isEmpty()) {
        Files.deleteIfExists(file);
        return;
      }
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("format", FORMAT);
      root.put("context", context);
      Map<String, Object> resources = new LinkedHashMap<>();
      objects.forEach(
          (resource, refs) ->
              resources.put(
                  resource,
                  refs.stream()
                      .map(
                          ref -> {
                            Map<String, String> item = new LinkedHashMap<>();
                            item.put("apiVersion", ref.apiVersion());
                            item.put("kind", ref.kind());
                            item.put("namespace", ref.namespace());
                            item.put("name", ref.name());
                            return item;
                          })
                      .toList()));
      root.put("resources", resources);
      Files.createDirectories(file.getParent());
      Path temporary =
          Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      try {
        Files.writeString(
            temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        try {
          Files.move(
              temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new ClusterException(
          "cannot write "
              + file
              + " ("
              + e.getMessage()
              + "); devd keeps track there of what it "
              + "applied, to delete it later: check the folder's permissions and free space",
          e);
    }
  }

  private static String text(Map<?, ?> map, String key) {
    if (map.get(key) instanceof String value) return value;
    throw new IllegalArgumentException("an object without \"" + key + "\"");
  }
}
