#include "util/tsv.h"

#include "util/text.h"

namespace sitrep {

Status ForEachTsvRow(const std::string& path, size_t min_fields,
                     const std::function<Status(const std::vector<std::string_view>&, int)>& row) {
  std::string content, error;
  if (!ReadFileToString(path, &content, &error)) return Status::NotFound(error);
  int line_no = 0;
  for (std::string_view line : SplitString(content, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (TrimWhitespace(line).empty() || line[0] == '#') continue;
    std::vector<std::string_view> fields = SplitString(line, '\t');
    if (fields.size() < min_fields) {
      return Status::InvalidInput(path + ":" + std::to_string(line_no) + ": expected at least " +
                                  std::to_string(min_fields) + " TAB-separated fields, found " +
                                  std::to_string(fields.size()));
    }
    Status st = row(fields, line_no);
    if (!st.ok())
      return Status(st.code(), path + ":" + std::to_string(line_no) + ": " + st.message());
  }
  return Status::Ok();
}

}  // namespace sitrep
