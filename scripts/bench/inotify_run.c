/*
 * inotify-run: the benchmark's floor. Watches a folder tree with raw inotify (skipping node_modules and .git),
 * and after each read() of events runs a shell command and waits for it. No debounce, no ignore files, nothing else:
 * what any watcher costs at least on this machine.
 *
 * usage: inotify-run ROOT COMMAND
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define MASK (IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO)
#define MAX_WATCHES (1 << 20)

static int fd;
static char *paths[MAX_WATCHES]; /* watch descriptor -> folder */

static int skipped(const char *name) {
  return strcmp(name, "node_modules") == 0 || strcmp(name, ".git") == 0;
}

static void watch_tree(const char *dir) {
  int wd = inotify_add_watch(fd, dir, MASK);
  if (wd < 0) {
    fprintf(stderr, "inotify-run: %s: %s\n", dir, strerror(errno));
    return;
  }
  if (wd < MAX_WATCHES && paths[wd] == NULL) paths[wd] = strdup(dir);
  DIR *d = opendir(dir);
  if (d == NULL) return;
  struct dirent *entry;
  char child[PATH_MAX];
  while ((entry = readdir(d)) != NULL) {
    if (entry->d_type != DT_DIR) continue; /* d_type is set on ext4, xfs, tmpfs, btrfs */
    if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0 || skipped(entry->d_name)) continue;
    snprintf(child, sizeof child, "%s/%s", dir, entry->d_name);
    watch_tree(child);
  }
  closedir(d);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: inotify-run ROOT COMMAND\n");
    return 2;
  }
  fd = inotify_init1(IN_CLOEXEC);
  if (fd < 0) {
    perror("inotify_init1");
    return 1;
  }
  watch_tree(argv[1]);
  char buffer[64 * 1024] __attribute__((aligned(__alignof__(struct inotify_event))));
  for (;;) {
    ssize_t length = read(fd, buffer, sizeof buffer);
    if (length < 0) {
      if (errno == EINTR) continue;
      perror("read");
      return 1;
    }
    for (char *p = buffer; p < buffer + length;) {
      struct inotify_event *event = (struct inotify_event *)p;
      if ((event->mask & IN_CREATE) && (event->mask & IN_ISDIR) && event->wd < MAX_WATCHES && paths[event->wd] &&
          !skipped(event->name)) {
        char child[PATH_MAX];
        snprintf(child, sizeof child, "%s/%s", paths[event->wd], event->name);
        watch_tree(child);
      }
      p += sizeof(struct inotify_event) + event->len;
    }
    pid_t child = fork();
    if (child == 0) {
      execl("/bin/sh", "sh", "-c", argv[2], (char *)NULL);
      _exit(127);
    }
    if (child > 0) waitpid(child, NULL, 0);
  }
}
