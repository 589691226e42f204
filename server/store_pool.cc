#include "store_pool.h"

#include <utility>

namespace sitrep::server {

StorePool::Lease::~Lease() {
  if (reader_ && pool_) pool_->Return(std::move(reader_));
}

Result<std::unique_ptr<StorePool>> StorePool::Open(const std::string& location, bool writable,
                                                   int max_readers) {
  std::unique_ptr<StorePool> pool(new StorePool());
  pool->location_ = location;
  pool->max_readers_ = max_readers < 1 ? 1 : max_readers;
  if (writable) {
    StoreOptions options;
    SITREP_ASSIGN_OR_RETURN(pool->writer_, Store::Open(location, options));
  }
  StoreOptions read_only;
  read_only.read_only = true;
  SITREP_ASSIGN_OR_RETURN(auto reader, Store::Open(location, read_only));
  pool->idle_.push_back(std::move(reader));
  pool->open_readers_ = 1;
  return pool;
}

StorePool::~StorePool() = default;

Result<StorePool::Lease> StorePool::Reader() {
  std::unique_lock lock(mutex_);
  returned_.wait(lock, [&] { return !idle_.empty() || open_readers_ < max_readers_; });
  if (!idle_.empty()) {
    auto store = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(store));
  }
  ++open_readers_;
  lock.unlock();  // opening a connection may take a while; others go on meanwhile
  StoreOptions read_only;
  read_only.read_only = true;
  auto store = Store::Open(location_, read_only);
  if (!store.ok()) {
    std::lock_guard again(mutex_);
    --open_readers_;
    returned_.notify_one();
    return store.status();
  }
  return Lease(this, std::move(*store));
}

Result<StorePool::Lease> StorePool::Writer() {
  if (!writer_) return Status::Unsupported(location_ + ": the store is open read-only");
  return Lease(writer_.get(), std::unique_lock(writer_mutex_));
}

void StorePool::Return(std::unique_ptr<Store> store) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(store));
  }
  returned_.notify_one();
}

}  // namespace sitrep::server
