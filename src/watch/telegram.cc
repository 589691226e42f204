// Telegram Desktop exports ("Export chat history", JSON) to articles. A channel's posts are
// where claims are published (Amaaq's, for one): each message with text is an article whose
// publisher is the channel.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/watch.h"
#include "util/text.h"
#include "watch/dates.h"

namespace sitrep {
namespace {

using json = nlohmann::json;

// nlohmann's parser recurses once per nesting level: hostile nesting is refused first.
constexpr int kMaxJsonDepth = 256;

bool NestedTooDeep(std::string_view s) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

// "text" is a string, or an array of strings and entity objects ({"type": "bold", "text":
// "..."}); newer exports also give "text_entities" in the second form.
std::string MessageText(const json& m) {
  auto join = [](const json& parts) {
    std::string out;
    for (const json& p : parts) {
      if (p.is_string())
        out += p.get_ref<const std::string&>();
      else if (p.is_object() && p.contains("text") && p["text"].is_string())
        out += p["text"].get_ref<const std::string&>();
    }
    return out;
  };
  auto it = m.find("text");
  if (it != m.end()) {
    if (it->is_string()) return it->get<std::string>();
    if (it->is_array()) return join(*it);
  }
  it = m.find("text_entities");
  if (it != m.end() && it->is_array()) return join(*it);
  return {};
}

std::string StringOr(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return {};
}

std::string FirstLine(std::string_view text) {
  for (std::string_view line : SplitString(text, '\n')) {
    std::string_view t = TrimWhitespace(line);
    if (!t.empty()) return std::string(t);
  }
  return {};
}

void AddChat(const json& chat, const std::string& origin, std::vector<Article>* out) {
  auto messages = chat.find("messages");
  if (messages == chat.end() || !messages->is_array()) return;
  std::string name = StringOr(chat, "name");
  std::string chat_id = StringOr(chat, "id");
  if (chat_id.empty()) chat_id = Hex64(Fnv1a64(name));
  for (const json& m : *messages) {
    if (!m.is_object() || StringOr(m, "type") != "message") continue;  // service messages
    std::string text = MessageText(m);
    if (TrimWhitespace(text).empty()) continue;  // a photo or sticker without a caption
    Article a;
    a.id = "telegram-" + chat_id + "-" + StringOr(m, "id");
    a.text = std::move(text);
    a.title = FirstLine(a.text);
    a.publisher = name;
    a.published = FeedDate(StringOr(m, "date"));
    a.origin = origin + " message " + StringOr(m, "id");
    out->push_back(std::move(a));
  }
}

}  // namespace

Result<std::vector<Article>> ParseTelegramExport(std::string_view text, const std::string& origin) {
  if (TrimWhitespace(text).empty()) return Status::InvalidInput(origin + ": empty file");
  if (NestedTooDeep(text))
    return Status::InvalidInput(origin + ": JSON nested deeper than " +
                                std::to_string(kMaxJsonDepth) + " levels");
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    // "[json.exception.parse_error.101] parse error at line 3, column 5: ..." -> from "line".
    std::string what = e.what();
    size_t at = what.find("at line");
    return Status::InvalidInput(
        origin + ": not valid JSON: " + (at == std::string::npos ? what : what.substr(at)));
  }
  if (!doc.is_object())
    return Status::InvalidInput(origin + ": not a Telegram export (not a JSON object)");
  std::vector<Article> out;
  if (doc.contains("messages")) {
    if (!doc["messages"].is_array())
      return Status::InvalidInput(origin + ": not a Telegram export (\"messages\" is not a list)");
    AddChat(doc, origin, &out);
    return out;
  }
  // A whole account's export: every chat, those left included.
  bool any = false;
  for (const char* group : {"chats", "left_chats"}) {
    auto g = doc.find(group);
    if (g == doc.end() || !g->is_object()) continue;
    auto list = g->find("list");
    if (list == g->end() || !list->is_array()) continue;
    any = true;
    for (const json& chat : *list)
      if (chat.is_object()) AddChat(chat, origin, &out);
  }
  if (!any)
    return Status::InvalidInput(origin +
                                ": not a Telegram export (no \"messages\" or \"chats\" list)");
  return out;
}

}  // namespace sitrep
