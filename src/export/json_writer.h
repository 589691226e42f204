// A streaming JSON writer: compact JSON appended to a caller-owned string, no DOM. The bytes
// are the ones nlohmann::json::dump() (indent -1, ensure_ascii off, error handler "replace")
// wrote for the same values, so switching the export stage to it left every output file
// byte-identical: the same escapes, the same shortest-round-trip doubles, and each ill-formed
// UTF-8 sequence replaced by one U+FFFD exactly as nlohmann replaces it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sitrep::exporter {

// Appends `s` as a quoted JSON string: '"' and '\' escaped, the control characters as \b \t
// \n \f \r or \u00xx (lower-case hex), and so are DEL and the C1 controls U+0080..U+009F
// (JSON does not require it, but a terminal may obey them: U+009B is CSI), everything else as
// UTF-8. Each maximal ill-formed subsequence of UTF-8 becomes one U+FFFD.
void AppendJsonString(std::string_view s, std::string* out);

// Appends a finite double in its shortest round-trip form, "%.17g"-like but never longer
// than needed: 32.61889, 0.0, -0.0, 1e-05, 1.5e+20. Not finite: null.
void AppendJsonDouble(double v, std::string* out);

// Appends an integer in decimal.
void AppendJsonInt(int64_t v, std::string* out);

// An object's key as the code writes it (w.Key("event_id")), made at compile time with its
// quotes and colon: printable ASCII with no '"' or '\\' (nothing to escape), at most 28 bytes;
// any other key does not compile.
class JsonKey {
 public:
  template <size_t N>
  consteval JsonKey(const char (&key)[N]) : size_(N + 3) {  // NOLINT: implicit, from a literal
    static_assert(N + 3 <= sizeof piece_, "a JSON key in code is at most 28 bytes");
    piece_[0] = ',';
    piece_[1] = '"';
    for (size_t i = 0; i + 1 < N; ++i) {
      if (key[i] < 0x20 || key[i] >= 0x7F || key[i] == '"' || key[i] == '\\')
        throw "a JSON key in code needs no escape";
      piece_[2 + i] = key[i];
    }
    piece_[N + 1] = '"';
    piece_[N + 2] = ':';
  }
  // `,"key":`
  const char* piece() const { return piece_; }
  size_t piece_size() const { return size_; }
  std::string_view text() const { return std::string_view(piece_ + 2, size_ - 4); }

 private:
  char piece_[32] = {};
  size_t size_;
};

// Writes one JSON value (objects and arrays nested to any depth) into `out`. The caller
// pairs every Begin with its End and gives each member a Key first (a JsonKey: a key in code);
// the writer puts the commas. Nothing is checked: a wrong sequence of calls gives wrong JSON.
class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  // `"key":`, after a comma when the key is not its object's first member.
  void Key(const JsonKey& key) {
    const size_t skip = need_comma_ ? 0 : 1;
    out_->append(key.piece() + skip, key.piece_size() - skip);
    need_comma_ = false;
  }
  void String(std::string_view s) {
    Separate();
    AppendJsonString(s, out_);
  }
  // Empty string -> null: the schema's "unknown" for dates and other optional text.
  void StringOrNull(std::string_view s) {
    if (s.empty())
      Null();
    else
      String(s);
  }
  void Int(int64_t v) {
    Separate();
    AppendJsonInt(v, out_);
  }
  void Double(double v) {
    Separate();
    AppendJsonDouble(v, out_);
  }
  void Bool(bool v) {
    Separate();
    out_->append(v ? "true" : "false");
  }
  void Null() {
    Separate();
    out_->append("null");
  }

 private:
  // A value or key that is not first in its container follows a comma.
  void Separate() {
    if (need_comma_) out_->push_back(',');
    need_comma_ = true;
  }
  void Open(char c) {
    Separate();
    out_->push_back(c);
    need_comma_ = false;
  }
  void Close(char c) {
    out_->push_back(c);
    need_comma_ = true;
  }

  std::string* out_;
  bool need_comma_ = false;
};

}  // namespace sitrep::exporter
