// The notes sentence's wording (data/notes.tsv): templates with {name} slots and [optional
// parts], so another language or house style is a data change.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sitrep/status.h"

namespace sitrep::events {

class NotesStyle {
 public:
  // Fails (file:line) on a row with no template, and when a key the sentence needs is missing.
  static Result<NotesStyle> Load(const std::string& path);

  // The template of `key` ("" when none).
  const std::string& Template(std::string_view key) const;
  const std::vector<std::string>& Months() const { return months_; }

  // Fills `tmpl`: {name} from `value(name)`; a [part] is dropped when a name inside is empty.
  static std::string Render(std::string_view tmpl,
                            const std::function<std::string(std::string_view)>& value);

 private:
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, std::string, KeyHash, std::equal_to<>> templates_;
  std::vector<std::string> months_;
};

}  // namespace sitrep::events
