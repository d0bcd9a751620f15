package dev.devd.buildcache;

/**
 * One input file as its image's digest sees it: a file or a symbolic link, its permission bits, its
 * content's hash.
 */
record FileState(FileStat.Kind kind, int mode, ContentHash hash) {}
