#include "threads.h"

#include <unistd.h>

#include <stdexcept>
#include <thread>
#include <utility>

namespace sitrep::python {

struct ThreadPool::Worker {
  std::thread thread;
  std::function<void()> task;  // empty while idle
  std::function<void()> done;
  std::condition_variable wake;
};

ThreadPool::ThreadPool() : owner_(getpid()) {}

ThreadPool::~ThreadPool() {
  if (Forked()) {
    // The threads are the parent's: there is nothing to join, and a std::thread destroyed
    // unjoined would terminate the process. The workers are left to the child's exit.
    for (std::unique_ptr<Worker>& worker : workers_) static_cast<void>(worker.release());
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    for (std::unique_ptr<Worker>& worker : workers_) worker->wake.notify_one();
  }
  for (std::unique_ptr<Worker>& worker : workers_) worker->thread.join();
}

bool ThreadPool::Forked() const { return getpid() != owner_; }

void ThreadPool::Launch(std::function<void()> task, std::function<void()> done) {
  if (Forked())
    throw std::logic_error("extraction threads made before os.fork() were used after it");
  std::lock_guard<std::mutex> lock(mutex_);
  Worker* worker = nullptr;
  if (!idle_.empty()) {
    worker = idle_.back();
    idle_.pop_back();
  } else {
    workers_.push_back(std::make_unique<Worker>());
    worker = workers_.back().get();
    try {
      worker->thread = std::thread(&ThreadPool::Serve, this, worker);
    } catch (...) {
      workers_.pop_back();
      throw;
    }
  }
  worker->task = std::move(task);
  worker->done = std::move(done);
  worker->wake.notify_one();
}

void ThreadPool::Serve(Worker* worker) {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    worker->wake.wait(lock, [&] { return worker->task || stopping_; });
    if (!worker->task) return;  // stopping, and nothing left to run
    std::function<void()> task = std::exchange(worker->task, nullptr);
    std::function<void()> done = std::exchange(worker->done, nullptr);
    lock.unlock();
    task();
    task = nullptr;  // what it holds is released outside the lock
    lock.lock();
    idle_.push_back(worker);  // before `done`: the next task may come as soon as it is called
    if (done) {
      lock.unlock();
      done();
      done = nullptr;
      lock.lock();
    }
  }
}

}  // namespace sitrep::python
