// RSS 2.0, RSS 1.0 (RDF) and Atom feeds to articles, with libxml2. Elements are matched by
// local name, so namespace prefixes (content:encoded, dc:date, atom:link) do not matter.
// The parse is strict XML: a feed that is not well-formed is refused with libxml2's message
// and line, never guessed at. No entity is loaded from outside the document, no network.
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/reader.h"
#include "sitrep/watch.h"
#include "util/text.h"
#include "watch/dates.h"

namespace sitrep {
namespace {

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
struct CtxtFree {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};

std::string_view Name(const xmlNode* n) {
  return n->name ? std::string_view(reinterpret_cast<const char*>(n->name)) : std::string_view();
}

bool Is(const xmlNode* n, std::string_view local) {
  return n->type == XML_ELEMENT_NODE && Name(n) == local;
}

const xmlNode* Child(const xmlNode* parent, std::string_view local) {
  for (const xmlNode* c = parent->children; c; c = c->next)
    if (Is(c, local)) return c;
  return nullptr;
}

std::string Attr(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (!v) return {};
  std::string out(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return out;
}

// The text content of an element (text and CDATA of all descendants), trimmed.
std::string Text(const xmlNode* n) {
  if (!n) return {};
  xmlChar* v = xmlNodeGetContent(n);
  if (!v) return {};
  std::string out(TrimWhitespace(reinterpret_cast<const char*>(v)));
  xmlFree(v);
  return out;
}

std::string ChildText(const xmlNode* parent, std::string_view local) {
  return Text(Child(parent, local));
}

// The markup inside an element (Atom's type="xhtml" content), as HTML to flatten.
std::string InnerMarkup(const xmlNode* n) {
  std::string out;
  xmlBuffer* buf = xmlBufferCreate();
  if (!buf) return out;
  for (const xmlNode* c = n->children; c; c = c->next) {
    xmlNodeDump(buf, n->doc, const_cast<xmlNode*>(c), 0, 0);
  }
  out.assign(reinterpret_cast<const char*>(xmlBufferContent(buf)), xmlBufferLength(buf));
  xmlBufferFree(buf);
  return out;
}

// Feed bodies are HTML more often than not (escaped or in CDATA): flattened to text the way
// .html articles are, paragraphs kept apart. Plain text stays as it is.
std::string PlainText(const std::string& body, const std::string& origin) {
  if (body.find('<') == std::string::npos && body.find('&') == std::string::npos) return body;
  auto html = ArticleFromHtml(body, origin);
  if (!html.ok()) return body;
  return std::string(TrimWhitespace(html->text));
}

// An Atom text construct (title, summary, content) as plain text.
std::string AtomText(const xmlNode* n, const std::string& origin) {
  if (!n) return {};
  std::string type = Attr(n, "type");
  if (type == "xhtml") return PlainText(InnerMarkup(n), origin);
  if (type == "html" || type == "text/html") return PlainText(Text(n), origin);
  return Text(n);
}

// "en-GB" -> "en"; anything that is not a two-letter code -> "".
std::string LanguageCode(std::string_view tag) {
  tag = TrimWhitespace(tag);
  if (tag.size() < 2 || !IsAsciiAlpha(tag[0]) || !IsAsciiAlpha(tag[1])) return {};
  if (tag.size() > 2 && tag[2] != '-' && tag[2] != '_') return {};
  return AsciiLowerCopy(tag.substr(0, 2));
}

struct Item {
  std::string key;  // guid, else link, else title + text
  std::string title, link, date, body, publisher;
};

// The article an item becomes; false when it has no text at all.
bool ToArticle(const Item& item, const std::string& channel, const std::string& lang,
               const std::string& origin, Article* a) {
  std::string body(TrimWhitespace(item.body));
  if (body.empty() && item.title.empty()) return false;
  a->title = item.title;
  a->text = body.empty() || std::string_view(body).starts_with(item.title)
                ? (body.empty() ? item.title : body)
                : item.title + "\n\n" + body;
  if (!IsValidUtf8(a->text)) return false;
  a->url = item.link;
  a->publisher = item.publisher.empty() ? channel : item.publisher;
  a->published = FeedDate(item.date);
  a->lang = lang;
  std::string key = item.key.empty() ? item.link : item.key;
  if (key.empty()) key = item.title + "\n" + body;
  a->id = "feed-" + Hex64(Fnv1a64(key));
  a->origin = origin + " item " + (item.link.empty() ? a->id : item.link);
  return true;
}

// An RSS item (2.0 or 1.0).
Item RssItem(const xmlNode* n, const std::string& origin) {
  Item it;
  it.title = PlainText(ChildText(n, "title"), origin);
  it.link = ChildText(n, "link");
  it.key = ChildText(n, "guid");
  if (it.key.empty()) it.key = Attr(n, "about");  // RSS 1.0's rdf:about
  it.date = ChildText(n, "pubDate");
  if (it.date.empty()) it.date = ChildText(n, "date");  // dc:date
  std::string full = ChildText(n, "encoded");           // content:encoded
  std::string summary = ChildText(n, "description");
  it.body = PlainText(full.size() >= summary.size() ? full : summary, origin);
  it.publisher = ChildText(n, "source");  // an aggregator's item names its outlet
  return it;
}

// An Atom entry.
Item AtomEntry(const xmlNode* n, const std::string& origin) {
  Item it;
  it.title = AtomText(Child(n, "title"), origin);
  it.key = ChildText(n, "id");
  for (const xmlNode* c = n->children; c; c = c->next) {
    if (!Is(c, "link")) continue;
    std::string rel = Attr(c, "rel");
    if (rel.empty() || rel == "alternate") {
      it.link = Attr(c, "href");
      break;
    }
  }
  it.date = ChildText(n, "published");
  if (it.date.empty()) it.date = ChildText(n, "updated");
  std::string content = AtomText(Child(n, "content"), origin);
  std::string summary = AtomText(Child(n, "summary"), origin);
  it.body = content.size() >= summary.size() ? content : summary;
  if (const xmlNode* source = Child(n, "source"))
    it.publisher = AtomText(Child(source, "title"), origin);
  return it;
}

}  // namespace

Result<std::vector<Article>> ParseFeed(std::string_view xml, const std::string& origin) {
  if (TrimWhitespace(xml).empty()) return Status::InvalidInput(origin + ": empty feed");
  std::unique_ptr<xmlParserCtxt, CtxtFree> ctxt(xmlNewParserCtxt());
  if (!ctxt) return Status::Internal(origin + ": cannot create an XML parser");
  // NONET: no DTD or entity from the network; no NOENT: external entities stay unexpanded;
  // NOERROR/NOWARNING: libxml2 must not print, the error is returned instead.
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
  std::unique_ptr<xmlDoc, DocFree> doc(xmlCtxtReadMemory(
      ctxt.get(), xml.data(), static_cast<int>(xml.size()), nullptr, nullptr, options));
  if (!doc || !ctxt->wellFormed) {
    const xmlError* e = xmlCtxtGetLastError(ctxt.get());
    std::string why = e && e->message ? std::string(TrimWhitespace(e->message)) : "parse error";
    int line = e ? e->line : 0;
    return Status::InvalidInput(origin + ": not well-formed XML" +
                                (line > 0 ? " (line " + std::to_string(line) + ")" : "") + ": " +
                                why);
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!root) return Status::InvalidInput(origin + ": XML without a root element");
  std::vector<Article> out;
  Article a;
  if (Is(root, "rss") || Is(root, "RDF")) {
    const xmlNode* channel = Child(root, "channel");
    if (!channel) return Status::InvalidInput(origin + ": RSS without a <channel>");
    std::string title = PlainText(ChildText(channel, "title"), origin);
    std::string lang = LanguageCode(ChildText(channel, "language"));
    // RSS 2.0 items are in the channel, RSS 1.0 items beside it.
    for (const xmlNode* parent : {channel, root}) {
      for (const xmlNode* c = parent->children; c; c = c->next) {
        if (!Is(c, "item")) continue;
        if (ToArticle(RssItem(c, origin), title, lang, origin, &a)) out.push_back(std::move(a));
        a = Article();
      }
    }
    return out;
  }
  if (Is(root, "feed")) {
    std::string title = AtomText(Child(root, "title"), origin);
    xmlChar* xml_lang = xmlNodeGetLang(root);
    std::string lang;
    if (xml_lang) {
      lang = LanguageCode(reinterpret_cast<const char*>(xml_lang));
      xmlFree(xml_lang);
    }
    for (const xmlNode* c = root->children; c; c = c->next) {
      if (!Is(c, "entry")) continue;
      if (ToArticle(AtomEntry(c, origin), title, lang, origin, &a)) out.push_back(std::move(a));
      a = Article();
    }
    return out;
  }
  return Status::InvalidInput(origin + ": not an RSS or Atom feed (the root element is <" +
                              std::string(Name(root)) + ">)");
}

}  // namespace sitrep
