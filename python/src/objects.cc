#include "objects.h"

#include <pybind11/pybind11.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sitrep::python {
namespace {

// SCHEMA.md's article fields, in the order of ArticleReader::field_keys_.
constexpr std::array<const char*, 7> kArticleFields = {"text",      "id",  "title", "published",
                                                       "publisher", "url", "lang"};

PyPtr Intern(const char* text) {
  PyPtr key(PyUnicode_InternFromString(text));
  if (!key) throw pybind11::error_already_set();
  return key;
}

// Whether the 8 / sizeof(Unit) code points at `units` are all ASCII: one load and a mask.
// News texts are mostly ASCII even when a curly quote makes Python store them two bytes a
// code point, so both passes below go a word at a time through the ASCII runs.
template <typename Unit>
inline bool AsciiWord(const Unit* units) {
  constexpr uint64_t kNotAscii = sizeof(Unit) == 1   ? 0x8080808080808080u
                                 : sizeof(Unit) == 2 ? 0xFF80FF80FF80FF80u
                                                     : 0xFFFFFF80FFFFFF80u;
  uint64_t word;
  std::memcpy(&word, units, 8);
  return (word & kNotAscii) == 0;
}

// Eight two-byte code units at `units` if all are ASCII: they are then written as 8 bytes at
// `at` with one pack, and true. (92 % of a news corpus's texts are stored two bytes a code
// point, for a curly quote or a name here and there.)
inline bool NarrowAscii8(const Py_UCS2* units, char* at) {
#if defined(__SSE2__)
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(units));
  const __m128i high = _mm_and_si128(v, _mm_set1_epi16(static_cast<short>(0xFF80)));
  if (_mm_movemask_epi8(_mm_cmpeq_epi8(high, _mm_setzero_si128())) != 0xFFFF) return false;
  if (at != nullptr) _mm_storel_epi64(reinterpret_cast<__m128i*>(at), _mm_packus_epi16(v, v));
  return true;
#else
  if (!AsciiWord(units) || !AsciiWord(units + 4)) return false;
  if (at != nullptr)
    for (size_t k = 0; k < 8; ++k) at[k] = static_cast<char>(units[k]);
  return true;
#endif
}

// The UTF-8 of code points of one width, written over `out`; false at an unpaired
// surrogate. Two passes: the exact size first, so that `out` is sized once.
template <typename Unit>
bool EncodeUtf8(const Unit* units, size_t count, std::string* out) {
  constexpr size_t kPerWord = 8 / sizeof(Unit);
  size_t bytes = count;
  for (size_t i = 0; i < count;) {
    if constexpr (sizeof(Unit) == 2) {
      if (i + 8 <= count && NarrowAscii8(units + i, nullptr)) {
        i += 8;
        continue;
      }
    }
    if (i + kPerWord <= count && AsciiWord(units + i)) {
      i += kPerWord;
      continue;
    }
    const uint32_t c = units[i++];
    if (c < 0x80) continue;
    if (c >= 0xD800 && c <= 0xDFFF) return false;
    bytes += c < 0x800 ? 1 : c < 0x10000 ? 2 : 3;
  }
  out->resize(bytes);
  char* at = out->data();
  for (size_t i = 0; i < count;) {
    if constexpr (sizeof(Unit) == 2) {
      if (i + 8 <= count && NarrowAscii8(units + i, at)) {
        at += 8;
        i += 8;
        continue;
      }
    }
    if (i + kPerWord <= count && AsciiWord(units + i)) {
      for (size_t k = 0; k < kPerWord; ++k) at[k] = static_cast<char>(units[i + k]);
      at += kPerWord;
      i += kPerWord;
      continue;
    }
    const uint32_t c = units[i++];
    if (c < 0x80) {
      *at++ = static_cast<char>(c);
    } else if (c < 0x800) {
      *at++ = static_cast<char>(0xC0 | (c >> 6));
      *at++ = static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      *at++ = static_cast<char>(0xE0 | (c >> 12));
      *at++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      *at++ = static_cast<char>(0x80 | (c & 0x3F));
    } else {
      *at++ = static_cast<char>(0xF0 | (c >> 18));
      *at++ = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      *at++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      *at++ = static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return true;
}

// The UTF-8 of a str, or false (with no exception left set) when it has unpaired
// surrogates: the Python code then explains. Encoded straight into `out`, not through
// PyUnicode_AsUTF8AndSize, which would keep a UTF-8 copy of every non-ASCII text inside
// the caller's str for as long as the caller keeps it (the corpus's size again).
bool Utf8(PyObject* str, std::string* out) {
#if PY_VERSION_HEX < 0x030C0000  // a legacy str made by the C API may not be ready yet
  if (PyUnicode_READY(str) != 0) {
    PyErr_Clear();
    return false;
  }
#endif
  const size_t length = static_cast<size_t>(PyUnicode_GET_LENGTH(str));
  const void* data = PyUnicode_DATA(str);
  switch (PyUnicode_KIND(str)) {
    case PyUnicode_1BYTE_KIND:
      if (PyUnicode_IS_ASCII(str)) {
        out->assign(static_cast<const char*>(data), length);
        return true;
      }
      return EncodeUtf8(static_cast<const Py_UCS1*>(data), length, out);
    case PyUnicode_2BYTE_KIND:
      return EncodeUtf8(static_cast<const Py_UCS2*>(data), length, out);
    default:
      return EncodeUtf8(static_cast<const Py_UCS4*>(data), length, out);
  }
}

// Python's repr() of a str when it is plain printable ASCII without quotes or backslashes;
// else repr() itself.
std::string Repr(PyObject* str, std::string_view utf8) {
  bool plain = true;
  for (unsigned char c : utf8) plain = plain && c >= 0x20 && c < 0x7F && c != '\'' && c != '\\';
  if (plain) return "'" + std::string(utf8) + "'";
  PyPtr repr(PyObject_Repr(str));
  if (!repr) throw pybind11::error_already_set();
  std::string out;
  if (!Utf8(repr.get(), &out)) throw pybind11::error_already_set();
  return out;
}

template <typename Word>
inline Word Load(const char* at) {
  Word word;
  std::memcpy(&word, at, sizeof(Word));
  return word;
}

// Whether the `size` bytes at `a` and `b` are equal, a word at a time, the last word
// overlapping the one before (keys and cached values are a few dozen bytes: no call to
// memcmp).
inline bool SameBytes(const char* a, const char* b, size_t size) {
  if (size >= 8) {
    for (size_t i = 0; i + 8 < size; i += 8)
      if (Load<uint64_t>(a + i) != Load<uint64_t>(b + i)) return false;
    return Load<uint64_t>(a + size - 8) == Load<uint64_t>(b + size - 8);
  }
  if (size >= 4)
    return Load<uint32_t>(a) == Load<uint32_t>(b) &&
           Load<uint32_t>(a + size - 4) == Load<uint32_t>(b + size - 4);
  for (size_t i = 0; i < size; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// A quick hash of a short value (at most EventDictBuilder's kMaxCachedBytes), for the value
// cache only: a word at a time, the last word overlapping the one before.
inline uint64_t ShortHash(std::string_view bytes) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15u;
  const char* at = bytes.data();
  const size_t size = bytes.size();
  uint64_t h = size * kMul;
  auto mix = [&h](uint64_t word) {
    h = (h ^ word) * kMul;
    h ^= h >> 29;
  };
  if (size >= 8) {
    for (size_t i = 0; i + 8 < size; i += 8) mix(Load<uint64_t>(at + i));
    mix(Load<uint64_t>(at + size - 8));
  } else if (size >= 4) {
    mix(Load<uint32_t>(at) | uint64_t{Load<uint32_t>(at + size - 4)} << 32);
  } else {
    uint64_t word = 0;
    for (size_t i = 0; i < size; ++i) word = word << 8 | static_cast<unsigned char>(at[i]);
    mix(word);
  }
  return h;
}

}  // namespace

ArticleReader::ArticleReader(size_t max_text_chars) : max_text_chars_(max_text_chars) {
  for (size_t i = 0; i < kArticleFields.size(); ++i) field_keys_[i] = Intern(kArticleFields[i]);
  origin_key_ = Intern("origin");
}

bool ArticleReader::Missing(PyObject* value) {
  return value == nullptr || value == Py_None ||
         (PyFloat_CheckExact(value) && std::isnan(PyFloat_AS_DOUBLE(value)));
}

std::string ArticleReader::Describe(size_t index, PyObject* id) {
  std::string name = "articles[" + std::to_string(index) + "]";
  if (id == nullptr || PyUnicode_GET_LENGTH(id) == 0) return name;
  std::string utf8;
  if (!Utf8(id, &utf8)) throw pybind11::error_already_set();
  return name + " (id " + Repr(id, utf8) + ")";
}

bool ArticleReader::Read(PyObject* item, size_t index, ArticleSource* source) const {
  Article& a = source->article;
  if (PyUnicode_Check(item)) {
    if (static_cast<size_t>(PyUnicode_GET_LENGTH(item)) > max_text_chars_) return false;
    if (!Utf8(item, &a.text)) return false;
    a.origin = "articles[" + std::to_string(index) + "]";
    return true;
  }
  if (!PyDict_CheckExact(item)) return false;
  std::string* fields[] = {&a.text, &a.id, &a.title, &a.published, &a.publisher, &a.url, &a.lang};
  PyObject* id = nullptr;  // borrowed, when a non-missing str
  for (size_t i = 0; i < kArticleFields.size(); ++i) {
    PyObject* value = PyDict_GetItemWithError(item, field_keys_[i].get());  // borrowed
    if (value == nullptr && PyErr_Occurred()) throw pybind11::error_already_set();
    if (Missing(value)) {
      if (i == 0) return false;  // no text: the Python code raises
      continue;
    }
    if (!PyUnicode_Check(value)) return false;  // bytes, a date, a wrong type
    if (i == 0 && static_cast<size_t>(PyUnicode_GET_LENGTH(value)) > max_text_chars_) return false;
    if (!Utf8(value, fields[i])) return false;
    if (i == 1) id = value;
  }
  PyObject* origin = PyDict_GetItemWithError(item, origin_key_.get());
  if (origin == nullptr && PyErr_Occurred()) throw pybind11::error_already_set();
  if (origin != nullptr && PyUnicode_Check(origin) && PyUnicode_GET_LENGTH(origin) > 0) {
    if (!Utf8(origin, &a.origin)) return false;
  } else {
    a.origin = Describe(index, id);
  }
  return true;
}

EventDictBuilder::~EventDictBuilder() {
  Py_XDECREF(result_);
  for (auto& [text, key] : keys_) Py_DECREF(key);
  for (CachedValue& cached : values_) Py_XDECREF(cached.value);
}

PyObject* EventDictBuilder::Build(const Event& event) {
  open_.clear();
  key_ = nullptr;
  result_ = nullptr;
  failed_ = false;
  VisitEventJson(event, *this);
  PyObject* result = result_;
  result_ = nullptr;
  if (failed_) {
    Py_XDECREF(result);
    if (!PyErr_Occurred()) PyErr_NoMemory();
    return nullptr;
  }
  return result;
}

void EventDictBuilder::Add(PyObject* value) {
  if (value == nullptr) {
    failed_ = true;
    return;
  }
  if (open_.empty()) {
    if (result_ == nullptr)
      result_ = value;
    else
      Py_DECREF(value);  // unreachable: one root per event
    return;
  }
  PyObject* parent = open_.back();
  int status = 0;
  if (parent == nullptr)  // a container that could not be made: drop what goes into it
    status = 0;
  else if (PyDict_CheckExact(parent))
    status = key_ != nullptr ? PyDict_SetItem(parent, key_, value) : -1;
  else
    status = PyList_Append(parent, value);
  if (status != 0) failed_ = true;
  Py_DECREF(value);
}

void EventDictBuilder::Open(PyObject* container) {
  if (container == nullptr) {
    failed_ = true;
    open_.push_back(nullptr);
    return;
  }
  Py_INCREF(container);  // Add() hands the new reference to the parent
  Add(container);
  open_.push_back(container);
  Py_DECREF(container);  // still alive: the parent (or result_) holds it
}

void EventDictBuilder::BeginObject() {
  const size_t depth = std::min(open_.size(), object_sizes_.size() - 1);
#if !defined(Py_LIMITED_API) && PY_VERSION_HEX < 0x030E0000
  Open(object_sizes_[depth] > 5 ? _PyDict_NewPresized(object_sizes_[depth]) : PyDict_New());
#else
  Open(PyDict_New());
#endif
}
void EventDictBuilder::BeginArray() { Open(PyList_New(0)); }
void EventDictBuilder::EndObject() {
  PyObject* closed = open_.back();
  open_.pop_back();
  if (closed != nullptr)
    object_sizes_[std::min(open_.size(), object_sizes_.size() - 1)] = PyDict_GET_SIZE(closed);
}
void EventDictBuilder::EndArray() { open_.pop_back(); }

void EventDictBuilder::Key(std::string_view key) {
  const auto at = reinterpret_cast<uintptr_t>(key.data());
  RecentKey& recent = recent_[(at * 0x9E3779B97F4A7C15u) >> (64 - kRecentBits)];
  if (recent.data == key.data() && recent.size == key.size() &&
      SameBytes(recent.text, key.data(), key.size())) {
    key_ = recent.key;
    return;
  }
  key_ = NewKey(key, &recent);
}

// Kept out of Key(), whose every call but the first few per key takes the path above.
PyObject* EventDictBuilder::NewKey(std::string_view key, RecentKey* recent) {
  auto it = keys_.find(std::string(key));
  if (it == keys_.end()) {
    PyObject* made =
        PyUnicode_DecodeUTF8(key.data(), static_cast<Py_ssize_t>(key.size()), "replace");
    if (made == nullptr) {
      failed_ = true;
      return nullptr;
    }
    PyUnicode_InternInPlace(&made);
    it = keys_.emplace(std::string(key), made).first;
  }
  *recent = RecentKey{key.data(), it->first.data(), it->first.size(), it->second};
  return it->second;
}

void EventDictBuilder::String(std::string_view value) {
  if (!value.empty() && value.size() <= kMaxCachedBytes) {
    const CachedValue& cached = values_[ShortHash(value) & (values_.size() - 1)];
    if (cached.value != nullptr && cached.text.size() == value.size() &&
        SameBytes(cached.text.data(), value.data(), value.size())) {
      Py_INCREF(cached.value);
      return Add(cached.value);
    }
  }
  Add(NewString(value));
}

// Kept out of String(), as NewKey is out of Key(). Invalid UTF-8 becomes U+FFFD per maximal
// subpart, as ToJsonLine writes it.
PyObject* EventDictBuilder::NewString(std::string_view value) {
  PyObject* made =
      PyUnicode_DecodeUTF8(value.data(), static_cast<Py_ssize_t>(value.size()), "replace");
  if (made == nullptr || value.empty() || value.size() > kMaxCachedBytes) return made;
  CachedValue& cached = values_[ShortHash(value) & (values_.size() - 1)];
  Py_XDECREF(cached.value);
  Py_INCREF(made);
  cached.value = made;
  cached.text.assign(value);
  return made;
}

void EventDictBuilder::Int(int64_t value) { Add(PyLong_FromLongLong(value)); }
void EventDictBuilder::Double(double value) { Add(PyFloat_FromDouble(value)); }
void EventDictBuilder::Bool(bool value) { Add(PyBool_FromLong(value ? 1 : 0)); }
void EventDictBuilder::Null() {
  Py_INCREF(Py_None);
  Add(Py_None);
}

}  // namespace sitrep::python
