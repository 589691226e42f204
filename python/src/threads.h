// Long-lived threads for the binding's extraction. The core keeps caches per thread (the
// gazetteer's answers, folded place names, recent index lookups, scratch vectors) that
// make a thread's thousandth article cheaper than its first. `sitrep extract` keeps its
// threads for the whole corpus; the binding used to start new ones for every batch of 128
// articles, and so began with cold caches (and a fresh stack to fault in) again and again.
#pragma once

#include <sys/types.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace sitrep::python {

class ThreadPool {
 public:
  ThreadPool();
  // Waits for the tasks still running, then ends the threads.
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Runs `task` on an idle thread of the pool (the one idle the shortest time: its caches
  // are the warmest), or on a new thread when none is idle, and returns at once; then, on
  // the same thread, `done`, once the thread is idle again: a task launched as soon as
  // `done` says the work is over finds the thread free, and no new one starts. Neither may
  // throw. Throws std::system_error when no thread can be started, and std::logic_error
  // in a forked child (see Forked()).
  void Launch(std::function<void()> task, std::function<void()> done = nullptr);

  // Whether this process is a fork of the one that made the pool: the pool's threads did not
  // come along, so it must not be used (the owner makes a new one).
  bool Forked() const;

 private:
  struct Worker;
  void Serve(Worker* worker);

  const pid_t owner_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<Worker*> idle_;  // the last one became idle last
  bool stopping_ = false;
};

}  // namespace sitrep::python
