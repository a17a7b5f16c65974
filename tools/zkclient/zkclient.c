/* zkclient: a lease holder (or a watch-only observer) on the real ZooKeeper C client
 * (libzookeeper_mt), for `leasesim live` against a real server. It prints every session state
 * change and lock event as one JSON line on stdout, stamped with CLOCK_MONOTONIC nanoseconds
 * read by the raw system call: libfaketime fakes the libc call, so a stamp stays true time
 * even when the client runs under faked time, and all recorders share that one clock.
 *
 * The holder runs the lock recipe of leasesim's ZooKeeper model: create the lock's ephemeral
 * node; if it exists, watch it; when it is deleted, create again; all from completion
 * callbacks, never a poll. It reports what the client saw, not what it believes: whether a
 * holder still believes its lock while disconnected is the scenario's `lock_belief`, applied
 * by the judge. SIGTERM or SIGINT closes the session and exits 0; SIGKILL is a crash.
 * After EXPIRED the handle is dead: the client opens a new session at once, as the model's
 * application does (`new_session_after_expiry`), unless --no-new-session.
 *
 * Without --lock it holds its session only.
 *
 *   zkclient --servers 127.0.0.1:2181[,...] --timeout MS [--lock PATH] [--observe] [--name NAME]
 *            [--start-fd FD] [--no-new-session]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <zookeeper/zookeeper.h>

static const char* name = "client";
static const char* lock_path = NULL;
static int observe = 0;
static volatile sig_atomic_t expired = 0; /* set by the library's thread, read by main */

static int64_t now_ns(void) {
  struct timespec ts;
  syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* One line per event; names and paths come from the command line and are printed as given
 * (the caller passes plain ASCII paths). */
static void emit(const char* event, const char* extra) {
  printf("{\"t_ns\": %lld, \"client\": \"%s\", \"event\": \"%s\"%s%s}\n", (long long)now_ns(), name, event,
         extra[0] ? ", " : "", extra);
  fflush(stdout);
}

static const char* state_name(int state) {
  if (state == ZOO_CONNECTING_STATE) return "CONNECTING";
  if (state == ZOO_ASSOCIATING_STATE) return "ASSOCIATING";
  if (state == ZOO_CONNECTED_STATE) return "CONNECTED";
  if (state == ZOO_READONLY_STATE) return "READONLY";
  if (state == ZOO_EXPIRED_SESSION_STATE) return "EXPIRED";
  if (state == ZOO_AUTH_FAILED_STATE) return "AUTH_FAILED";
  if (state == ZOO_NOTCONNECTED_STATE) return "NOTCONNECTED";
  return "UNKNOWN";
}

static void try_lock(zhandle_t* zh);
static void watch_lock(zhandle_t* zh);

static void created(int rc, const char* value, const void* data) {
  zhandle_t* zh = (zhandle_t*)data;
  (void)value;
  char extra[128];
  snprintf(extra, sizeof extra, "\"path\": \"%s\", \"rc\": %d", lock_path, rc);
  if (rc == ZOK) {
    emit("lock_held", extra);
  } else if (rc == ZNODEEXISTS) {
    emit("lock_busy", extra);
    watch_lock(zh);
  } else {
    emit("lock_failed", extra); /* a connection loss: retried when CONNECTED comes again */
  }
}

static void exists_done(int rc, const struct Stat* stat, const void* data) {
  zhandle_t* zh = (zhandle_t*)data;
  /* The node went away between the create and the watch: try again at once. */
  if (rc == ZNONODE && !observe) try_lock(zh);
  /* The node is this session's own: created before a disconnection, and the session survived
   * it (the model's ExistsReply "this session's"): the lock is held again. */
  const clientid_t* id = zoo_client_id(zh);
  if (rc == ZOK && !observe && stat != NULL && id != NULL && stat->ephemeralOwner == id->client_id) {
    char extra[128];
    snprintf(extra, sizeof extra, "\"path\": \"%s\", \"rc\": %d", lock_path, rc);
    emit("lock_held", extra);
  }
}

static void try_lock(zhandle_t* zh) {
  const int rc = zoo_acreate(zh, lock_path, "", 0, &ZOO_OPEN_ACL_UNSAFE, ZOO_EPHEMERAL, created, zh);
  if (rc != ZOK) {
    char extra[64];
    snprintf(extra, sizeof extra, "\"rc\": %d", rc);
    emit("lock_failed", extra);
  }
}

static void watch_lock(zhandle_t* zh) { zoo_aexists(zh, lock_path, 1, exists_done, zh); }

static void watcher(zhandle_t* zh, int type, int state, const char* path, void* ctx) {
  (void)ctx;
  char extra[256];
  if (type == ZOO_SESSION_EVENT) {
    const clientid_t* id = zoo_client_id(zh);
    snprintf(extra, sizeof extra, "\"state\": \"%s\", \"session\": \"0x%llx\", \"timeout_ms\": %d", state_name(state),
             (unsigned long long)(id ? id->client_id : 0), zoo_recv_timeout(zh));
    emit("state", extra);
    if (state == ZOO_EXPIRED_SESSION_STATE) expired = 1;
    if (state == ZOO_CONNECTED_STATE && lock_path != NULL) {
      if (observe) {
        watch_lock(zh);
      } else {
        try_lock(zh);
      }
    }
    return;
  }
  snprintf(extra, sizeof extra, "\"path\": \"%s\"", path ? path : "");
  if (type == ZOO_DELETED_EVENT) {
    emit("node_deleted", extra);
    if (observe) {
      watch_lock(zh);
    } else {
      try_lock(zh);
    }
  } else if (type == ZOO_CREATED_EVENT) {
    emit("node_created", extra);
    watch_lock(zh);
  }
}

static void usage(void) {
  fprintf(stderr,
          "usage: zkclient --servers HOST:PORT[,HOST:PORT...] --timeout MS [--lock PATH] [--observe] [--name NAME] "
          "[--start-fd FD] [--no-new-session]\n");
  exit(2);
}

int main(int argc, char** argv) {
  const char* servers = NULL;
  int timeout_ms = 0;
  int start_fd = -1;
  int new_session = 1;
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--observe") == 0) {
      observe = 1;
    } else if (strcmp(a, "--no-new-session") == 0) {
      new_session = 0;
    } else if (v == NULL) {
      usage();
    } else if (strcmp(a, "--servers") == 0) {
      servers = v, ++i;
    } else if (strcmp(a, "--timeout") == 0) {
      timeout_ms = atoi(v), ++i;
    } else if (strcmp(a, "--lock") == 0) {
      lock_path = v, ++i;
    } else if (strcmp(a, "--name") == 0) {
      name = v, ++i;
    } else if (strcmp(a, "--start-fd") == 0) {
      start_fd = atoi(v), ++i;
    } else {
      usage();
    }
  }
  if (servers == NULL || timeout_ms <= 0 || (lock_path != NULL && lock_path[0] != '/')) usage();

  /* Blocked here, so the library's threads inherit the mask and only sigwait sees them. */
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);

  /* Started ahead of the run (an exec takes milliseconds), it connects when told to. */
  if (start_fd >= 0) {
    char go;
    while (read(start_fd, &go, 1) < 0 && errno == EINTR) {
    }
    close(start_fd);
  }
  zoo_set_debug_level(ZOO_LOG_LEVEL_WARN);
  zoo_deterministic_conn_order(1); /* the servers in the order given, as the model tries them */
  zhandle_t* zh = zookeeper_init(servers, watcher, timeout_ms, NULL, NULL, 0);
  if (zh == NULL) {
    fprintf(stderr, "zkclient: zookeeper_init failed: %s\n", strerror(errno));
    return 1;
  }
  /* A dead handle is closed and replaced here, never from the library's own threads. */
  const struct timespec tick = {0, 1000 * 1000}; /* a new session within 1 ms of EXPIRED */
  while (sigtimedwait(&stop, NULL, &tick) < 0) {
    if (expired && new_session) {
      expired = 0;
      zookeeper_close(zh);
      zh = zookeeper_init(servers, watcher, timeout_ms, NULL, NULL, 0);
      if (zh == NULL) {
        fprintf(stderr, "zkclient: zookeeper_init failed: %s\n", strerror(errno));
        return 1;
      }
    }
  }
  zookeeper_close(zh);
  emit("closed", "");
  return 0;
}
