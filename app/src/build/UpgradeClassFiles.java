import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A build step, run by Maven with the JDK that builds devd (24 or newer: it uses the JDK's
 * class-file API): rewrites the class files of a library jar that are older than Java 6 (version
 * 50) as Java 8 class files (version 52), with the stack maps such class files carry. The code in
 * them does not change.
 *
 * <p>Why: the JVM's AOT cache leaves out classes older than Java 6, and picocli is compiled for
 * Java 5, so every start of devd loaded and verified its 228 classes from the jar, about 60 ms
 * before devd could start watching (measured with scripts/bench). Rewritten, they come from the
 * cache like the rest of devd.
 *
 * <p>Usage: {@code java UpgradeClassFiles.java JAR...}; each jar is replaced in place, and a jar
 * with nothing older than version 50 is left as it is, so running it twice changes nothing.
 */
public final class UpgradeClassFiles {
  private static final int OLDEST_CACHED = 50;
  private static final int TARGET = ClassFile.JAVA_8_VERSION;

  public static void main(String[] args) throws IOException {
    for (String arg : args) {
      Path jar = Path.of(arg);
      int upgraded = upgrade(jar);
      if (upgraded > 0)
        System.out.println(
            jar.getFileName() + ": " + upgraded + " class files rewritten as version " + TARGET);
    }
  }

  private static int upgrade(Path jar) throws IOException {
    Path rewritten = jar.resolveSibling(jar.getFileName() + ".upgrading");
    int upgraded = 0;
    // Stack maps name the common super class of two types; the jar's own classes are read from the
    // jar itself.
    try (URLClassLoader jarClasses = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      ClassHierarchyResolver resolver =
          ClassHierarchyResolver.defaultResolver()
              .orElse(ClassHierarchyResolver.ofResourceParsing(jarClasses))
              .cached();
      ClassFile classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(resolver));
      try (InputStream in = Files.newInputStream(jar);
          ZipInputStream entries = new ZipInputStream(in);
          OutputStream out = Files.newOutputStream(rewritten);
          ZipOutputStream copy = new ZipOutputStream(out)) {
        for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
          byte[] bytes = entries.readAllBytes();
          if (entry.getName().endsWith(".class") && majorVersion(bytes) < OLDEST_CACHED) {
            bytes = asJava8(classFile, bytes);
            upgraded++;
          }
          ZipEntry copied = new ZipEntry(entry.getName());
          copied.setTime(entry.getTime());
          copy.putNextEntry(copied);
          copy.write(bytes);
          copy.closeEntry();
        }
      }
    }
    if (upgraded == 0) {
      Files.delete(rewritten);
    } else {
      // Newer than the jar in Maven's repository, so Maven does not copy the original over it
      // again; newer than an
      // AOT cache made with the original, so scripts/devd trains a new one.
      Files.move(
          rewritten, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    return upgraded;
  }

  private static int majorVersion(byte[] classBytes) {
    return ((classBytes[6] & 0xff) << 8) | (classBytes[7] & 0xff);
  }

  // Passing every method body through a code transform makes the class-file API write the code
  // anew, and with it
  // the stack maps that version 50 and later require.
  private static byte[] asJava8(ClassFile classFile, byte[] bytes) {
    ClassTransform newVersion =
        ClassTransform.dropping(element -> element instanceof ClassFileVersion)
            .andThen(ClassTransform.endHandler(builder -> builder.withVersion(TARGET, 0)));
    return classFile.transformClass(
        classFile.parse(bytes),
        ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL).andThen(newVersion));
  }
}
