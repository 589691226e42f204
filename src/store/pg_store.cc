// The PostgreSQL back end (PostGIS), built when libpqxx is found.
#include "store/backend.h"

namespace sitrep::store {

#ifndef SITREP_HAVE_PQXX
Result<std::unique_ptr<Backend>> OpenPostgres(const std::string&, const StoreOptions&) {
  return Status::Unsupported(
      "this sitrep was built without PostgreSQL support (install libpqxx-dev and rebuild)");
}
#endif

}  // namespace sitrep::store
