// HTML pages and plain-text files -> Articles: gumbo for the page's body text, title and
// publication date; a text file's first non-empty line is its title.
#include <gumbo.h>

#include <algorithm>
#include <string>
#include <vector>

#include "ingest/ingest.h"
#include "util/text.h"

namespace sitrep {
namespace {

using ingest::CheckContent;
using ingest::ParsePublished;
using ingest::StripBom;

std::string Lower(std::string s) {
  for (char& c : s) c = AsciiLower(c);
  return s;
}

// ---- HTML ----------------------------------------------------------------------------

bool IsDroppedTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_CANVAS:
      return true;
    default:
      return false;
  }
}

bool IsBlockTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
      return true;
    default:
      return false;
  }
}

// Collects text with collapsed whitespace; Break() asks for a paragraph break before the
// next text.
class TextBuilder {
 public:
  void Text(std::string_view s) {
    for (char c : s) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        space_ = true;
        continue;
      }
      if (breaks_ > 0 && !out_.empty()) {
        out_.append(breaks_ >= 2 ? "\n\n" : "\n");
      } else if (space_ && !out_.empty() && out_.back() != '\n') {
        out_.push_back(' ');
      }
      breaks_ = 0;
      space_ = false;
      out_.push_back(c);
    }
  }
  void Break(int n) { breaks_ = std::max(breaks_, n); }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
  int breaks_ = 0;
  bool space_ = false;
};

std::string CollapsedText(const GumboNode* root) {
  TextBuilder b;
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
        n->type == GUMBO_NODE_CDATA) {
      b.Text(n->v.text.text);
    } else if (n->type == GUMBO_NODE_ELEMENT) {
      const GumboVector& kids = n->v.element.children;
      for (unsigned k = kids.length; k > 0; --k)
        stack.push_back(static_cast<const GumboNode*>(kids.data[k - 1]));
    }
  }
  return std::string(TrimWhitespace(b.Take()));
}

// gumbo's memory grows with the square of the element depth (16k nested <div>s take 2 GB),
// so hostile nesting is refused before parsing. This is an upper bound of the depth: tags
// that never nest (void elements, and those the parser closes implicitly) are not counted.
constexpr int kMaxHtmlDepth = 1000;

int EstimateHtmlDepth(std::string_view html) {
  int depth = 0, max_depth = 0;
  for (size_t i = html.find('<'); i != std::string_view::npos && i + 1 < html.size();
       i = html.find('<', i + 1)) {
    char c = html[i + 1];
    if (c == '/') {
      depth = depth > 0 ? depth - 1 : 0;
      continue;
    }
    if (!IsAsciiAlpha(c)) continue;
    size_t e = i + 1;
    while (e < html.size() && (IsAsciiAlpha(html[e]) || IsAsciiDigit(html[e]))) ++e;
    std::string name = Lower(std::string(html.substr(i + 1, e - i - 1)));
    static constexpr std::string_view kFlat[] = {
        "area",  "base", "br", "col", "embed", "hr", "img",    "input", "link", "meta", "source",
        "track", "wbr",  "p",  "li",  "dt",    "dd", "option", "tr",    "td",   "th",   "param"};
    if (std::find(std::begin(kFlat), std::end(kFlat), name) != std::end(kFlat)) continue;
    size_t close = html.find('>', e);
    if (close != std::string_view::npos && html[close - 1] == '/') continue;
    max_depth = std::max(max_depth, ++depth);
    if (max_depth > kMaxHtmlDepth) break;
  }
  return max_depth;
}

const char* Attr(const GumboNode* n, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? a->value : nullptr;
}

}  // namespace

Result<Article> ArticleFromText(std::string text, const std::string& origin) {
  SITREP_RETURN_IF_ERROR(CheckContent(text, origin, "file"));
  Article a;
  a.origin = origin;
  std::string_view body = StripBom(text);
  for (std::string_view line : SplitString(body, '\n')) {
    std::string_view t = TrimWhitespace(line);
    if (!t.empty()) {
      a.title = ingest::CleanMetadataField(t);
      break;
    }
  }
  a.text = std::move(text);
  return a;
}

Result<Article> ArticleFromHtml(std::string_view html, const std::string& origin) {
  SITREP_RETURN_IF_ERROR(CheckContent(html, origin, "file"));
  if (EstimateHtmlDepth(html) > kMaxHtmlDepth)
    return Status::InvalidInput(origin + ": HTML elements nested deeper than " +
                                std::to_string(kMaxHtmlDepth) + " levels");
  GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  if (out == nullptr) return Status::InvalidInput(origin + ": HTML parser failed");
  Article a;
  a.origin = origin;
  std::string h1, title;
  TextBuilder body;
  struct Frame {
    const GumboNode* node;
    bool dropped;
    bool closing;  // emit the block break after the children
  };
  std::vector<Frame> stack{{out->root, false, false}};
  while (!stack.empty()) {
    Frame f = stack.back();
    stack.pop_back();
    const GumboNode* n = f.node;
    if (f.closing) {
      body.Break(2);
      continue;
    }
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
      if (!f.dropped) body.Text(n->v.text.text);
      continue;
    }
    if (n->type == GUMBO_NODE_WHITESPACE) {
      if (!f.dropped) body.Text(" ");
      continue;
    }
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE &&
        n->type != GUMBO_NODE_DOCUMENT)
      continue;
    const GumboVector* kids =
        n->type == GUMBO_NODE_DOCUMENT ? &n->v.document.children : &n->v.element.children;
    bool dropped = f.dropped;
    if (n->type != GUMBO_NODE_DOCUMENT) {
      GumboTag tag = n->v.element.tag;
      if (tag == GUMBO_TAG_H1 && h1.empty()) h1 = CollapsedText(n);
      if (tag == GUMBO_TAG_TITLE && title.empty()) title = CollapsedText(n);
      if (tag == GUMBO_TAG_META && a.published.empty()) {
        const char* key = Attr(n, "property");
        if (!key) key = Attr(n, "name");
        if (!key) key = Attr(n, "itemprop");
        const char* content = Attr(n, "content");
        if (key && content) {
          std::string k = Lower(key);
          std::string date;
          if ((k == "article:published_time" || k == "datepublished" || k == "date" ||
               k == "pubdate" || k == "publishdate" || k == "og:published_time" ||
               k == "dc.date") &&
              ParsePublished(content, &date))
            a.published = date;
        }
      }
      if (tag == GUMBO_TAG_BR && !dropped) body.Break(1);
      dropped = dropped || IsDroppedTag(tag);
      if (IsBlockTag(tag) && !dropped) {
        body.Break(2);
        stack.push_back({n, dropped, true});
      }
    }
    for (unsigned k = kids->length; k > 0; --k)
      stack.push_back({static_cast<const GumboNode*>(kids->data[k - 1]), dropped, false});
  }
  gumbo_destroy_output(&kGumboDefaultOptions, out);
  std::string text(TrimWhitespace(body.Take()));
  a.title = ingest::CleanMetadataField(!h1.empty() ? h1 : title);
  // Downstream stages read the first line as the headline: put it there when the body
  // does not already start with it (an <h1> inside a dropped <header>, or only <title>).
  if (!a.title.empty() && !std::string_view(text).starts_with(a.title))
    text = a.title + "\n\n" + text;
  if (TrimWhitespace(text).empty())
    return Status::InvalidInput(origin + ": no article text found in HTML");
  a.text = std::move(text);
  return a;
}

}  // namespace sitrep
