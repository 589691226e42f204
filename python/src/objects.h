// Python objects <-> sitrep values with the CPython C API, for the binding's hot paths:
// article dicts read field by field, event dicts built straight from Events (no JSON text in
// between). Every function here needs the GIL.
#pragma once

#include <Python.h>

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "batch.h"
#include "sitrep/event.h"
#include "sitrep/writer.h"

namespace sitrep::python {

// A new reference, released when it goes out of scope.
struct PyRef {
  struct Decref {
    void operator()(PyObject* o) const { Py_XDECREF(o); }
  };
  using Ptr = std::unique_ptr<PyObject, Decref>;
};
using PyPtr = PyRef::Ptr;

// Reads articles as extract_many receives them. The common case, a str or a dict whose
// fields are str (or None/NaN), is read here; anything else (bytes, dates, other
// mappings, a missing or oversized text, unpaired surrogates) is left to the Python code,
// which converts it or raises the exception that names the problem.
class ArticleReader {
 public:
  explicit ArticleReader(size_t max_text_chars);
  // Fills `source` from `item` (articles[index]) and returns true, or returns false when
  // the Python code must handle the item. Raises (throws error_already_set) only when a
  // Python call itself fails.
  bool Read(PyObject* item, size_t index, ArticleSource* source) const;

 private:
  // Whether `value` is absent: None, or the NaN pandas leaves in an empty cell.
  static bool Missing(PyObject* value);
  // The message name of an article without an "origin": articles[3] (id 'x').
  static std::string Describe(size_t index, PyObject* id);

  size_t max_text_chars_;
  std::array<PyPtr, 7> field_keys_;  // in ArticleFields() order
  PyPtr origin_key_;
};

// Builds an event's dict from the tokens of VisitEventJson: the value json.loads gives for
// ToJsonLine(event). Keys are interned strings made once and shared by every dict; one
// builder serves every batch of an Extractor (always with the GIL held).
class EventDictBuilder final : public JsonVisitor {
 public:
  EventDictBuilder() = default;
  EventDictBuilder(const EventDictBuilder&) = delete;
  EventDictBuilder& operator=(const EventDictBuilder&) = delete;
  ~EventDictBuilder() override;

  // The event as a new dict; nullptr with a Python exception set when memory ran out.
  PyObject* Build(const Event& event);

  void BeginObject() override;
  void EndObject() override;
  void BeginArray() override;
  void EndArray() override;
  void Key(std::string_view key) override;
  void String(std::string_view value) override;
  void Int(int64_t value) override;
  void Double(double value) override;
  void Bool(bool value) override;
  void Null() override;

 private:
  // Adds a new reference to the innermost open container (under the pending key) and
  // releases it; the root becomes the result.
  void Add(PyObject* value);
  void Open(PyObject* container);
  struct RecentKey;
  // The interned str of a key seen at a new address (remembered in `recent`); nullptr when
  // memory ran out.
  [[gnu::noinline]] PyObject* NewKey(std::string_view key, RecentKey* recent);
  // A new str of `value`, kept in values_ when short; nullptr when memory ran out.
  [[gnu::noinline]] PyObject* NewString(std::string_view value);

  std::unordered_map<std::string, PyObject*> keys_;  // owned references
  // The last lookup per key address: the keys are string literals seen over and over.
  struct RecentKey {
    const char* data = nullptr;  // where the key's bytes were last seen
    const char* text = nullptr;  // the key itself (in keys_), to compare
    size_t size = 0;
    PyObject* key = nullptr;  // borrowed from keys_
  };
  static constexpr int kRecentBits = 10;
  std::vector<RecentKey> recent_ = std::vector<RecentKey>(size_t{1} << kRecentBits);
  // Short values repeat from event to event (types, places, actors, dates, field names):
  // one str object each, found by a hash of the bytes.
  struct CachedValue {
    std::string text;
    PyObject* value = nullptr;  // owned
  };
  static constexpr size_t kMaxCachedBytes = 40;
  std::vector<CachedValue> values_ = std::vector<CachedValue>(4096);
  // Per nesting depth, the number of keys of the last object closed there: the next one is
  // made that size up front (an event has 45 keys: no rehashing as they go in).
  std::array<Py_ssize_t, 8> object_sizes_{};
  std::vector<PyObject*> open_;  // borrowed: each is owned by its parent (or by result_)
  PyObject* key_ = nullptr;      // borrowed from keys_
  PyObject* result_ = nullptr;
  bool failed_ = false;
};

}  // namespace sitrep::python
