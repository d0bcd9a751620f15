"""What the operating system says a process costs, read from /proc: CPU time, resident memory, inotify watches."""
import os

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User plus system CPU time of the process and every thread it has had (not of its children), in seconds."""
    with open("/proc/%d/stat" % pid) as stat:
        # The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
        fields = stat.read().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / CLOCK_TICKS


def thread_cpu_seconds(pid):
    """CPU time of the process's live threads, from the scheduler's nanosecond counters (/proc/PID/task/*/schedstat).
    Finer than cpu_seconds (whose clock ticks are 10 ms), but it forgets threads that ended: for idle spans."""
    total = 0
    base = "/proc/%d/task" % pid
    for task in os.listdir(base):
        try:
            with open(os.path.join(base, task, "schedstat")) as stat:
                total += int(stat.read().split()[0])
        except OSError:
            pass  # the thread ended while we looked
    return total / 1e9


def children_cpu_seconds(pid):
    """CPU time of the children the process has waited for (the commands it ran), in seconds."""
    with open("/proc/%d/stat" % pid) as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[13]) + int(fields[14])) / CLOCK_TICKS


def rss_mb(pid, field="VmRSS"):
    """Resident memory (VmRSS), or its peak with field='VmHWM', in MB."""
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def inotify_watches(pid):
    """How many inotify watches the process holds: the 'inotify wd:' lines of its file descriptors."""
    watches = 0
    base = "/proc/%d/fdinfo" % pid
    for fd in os.listdir(base):
        try:
            with open(os.path.join(base, fd)) as info:
                watches += sum(1 for line in info if line.startswith("inotify wd:"))
        except OSError:
            pass  # closed while we read
    return watches


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
