#include "places/resolve.h"

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

#include "places/choose.h"
#include "util/text.h"

namespace sitrep::places {
namespace {

using mentions::CountryOfActor;
using mentions::Document;
using mentions::kArabic;
using mentions::MentionResources;
using mentions::PlaceMention;

// The loose fold keys of the names one document compares: the same few names (what the
// text wrote, the gazetteer's names) come back again and again.
class LooseKeys {
 public:
  const std::string& Of(std::string_view name) {
    auto it = keys_.find(name);
    if (it == keys_.end()) {
      std::string key, skeleton;
      geo::FoldPlaceKeysCached(name, &key, &skeleton);
      it = keys_.emplace(std::string(name), std::move(key)).first;
    }
    return it->second;  // (references to elements survive a rehash)
  }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> keys_;
};

class Resolver {
 public:
  Resolver(const MentionResources& res, const std::map<uint32_t, int>& nationality_counts,
           GeoCache* cache, Document* doc)
      : res_(res), nationality_counts_(nationality_counts), cache_(cache), doc_(*doc) {
    points_.reserve(kMaxPoints);  // never reallocated: evidence holds views of it
  }

  void Run(std::vector<PlaceMention>* chunks) { Resolve(chunks); }

  // The same name up to case, accents and articles (loose fold keys, not spelling variants).
  bool SameName(std::string_view a, std::string_view b) const {
    return a == b || loose_keys_.Of(a) == loose_keys_.Of(b);
  }

  // Adds the province `p` is (or lies in) to `names`, once: every later lookup searches them
  // all, so a list that grew with the mentions made a long article quadratic.
  static void AddProvinceOnce(const geo::Place& p, std::vector<std::string>* names) {
    const std::string& admin1 = p.admin1.empty() ? p.name : p.admin1;
    if (std::find(names->begin(), names->end(), admin1) == names->end()) names->push_back(admin1);
  }

  // Is `written` the place's own name, not one of its former or foreign names ("Molotov" for
  // Perm, "Kahira" for Cairo)?
  bool IsOwnName(std::string_view written, const geo::Place& p) const {
    return SameName(written, p.name);
  }

 private:
  // A resolved place that stands for a point (a town, village or district), not for a
  // whole province or country.
  static bool IsPoint(const PlaceMention& pm) {
    return pm.place && pm.place->level != geo::Level::kCountry &&
           pm.place->level != geo::Level::kAdmin1 && !pm.hospital;
  }

  // Remembers where a resolved place is, for the villages still to decide (distinct
  // points only: a long report names the same town hundreds of times).
  void AddPoint(const PlaceMention& pm) {
    if (!IsPoint(pm) || points_.size() >= kMaxPoints) return;
    const std::pair<double, double> point(pm.place->latitude, pm.place->longitude);
    if (std::find(points_.begin(), points_.end(), point) == points_.end()) points_.push_back(point);
  }

  // What the text says around chunk `i`, for ChooseCandidate.
  MentionEvidence Evidence(size_t i, const std::vector<PlaceMention>& chunks,
                           const std::vector<std::string>& provinces) const {
    const PlaceMention& pm = chunks[i];
    MentionEvidence ev;
    // ("the Saadnayel road": a road named after a place presents it as one.)
    ev.locality_cue =
        pm.locality_cue || (pm.e < doc_.tokens.size() && doc_.Is(text::Word::kRoadWord, pm.e));
    ev.near = pm.near;
    ev.village_cue = pm.village_cue;
    ev.site_preposition = pm.b > 0 && doc_.Is(text::Word::kPlacePreposition, pm.b - 1);
    ev.provinces = provinces;
    ev.article = points_;  // (views: both outlive the evidence)
    // Chunks are in text order: the sentence's others are the neighbours.
    const uint32_t sentence = doc_.SentenceOf(pm.b);
    auto add = [&](size_t k) {
      if (!IsPoint(chunks[k]) || ev.same_sentence.size() >= 16) return;
      ev.same_sentence.emplace_back(chunks[k].place->latitude, chunks[k].place->longitude);
    };
    for (size_t k = i; k-- > 0 && doc_.SentenceOf(chunks[k].b) == sentence;) add(k);
    for (size_t k = i + 1; k < chunks.size() && doc_.SentenceOf(chunks[k].b) == sentence; ++k)
      add(k);
    return ev;
  }

  // "blocked the Halba-Qoubaiyat road": a road named after the two places it joins is at the
  // first of them the gazetteer knows by that exact name.
  void RoadBetweenPlaces(const geo::GeoContext& ctx, PlaceMention* pm) const {
    if (pm->place || pm->e >= doc_.tokens.size() || !doc_.Is(text::Word::kRoadWord, pm->e)) return;
    std::string_view name = pm->written;
    const size_t dash = name.find('-');
    if (dash == std::string_view::npos) return;
    for (std::string_view part : {name.substr(0, dash), name.substr(dash + 1)}) {
      part = TrimWhitespace(part);
      if (part.size() < 3) continue;
      if (auto p = ExactPlaceBelowProvince(part, ctx)) {
        pm->place = std::move(p);
        pm->note = "one end of the road named: '" + std::string(part) + "'";
        return;
      }
    }
  }

  // The gazetteer's winner for `name` when it is written exactly so and is a town, village or
  // district (no country, no province): a name inside a longer one says no more than that.
  std::optional<geo::Place> ExactPlaceBelowProvince(std::string_view name,
                                                    const geo::GeoContext& ctx) const {
    auto cands = res_.gazetteer->Lookup(name, ctx, kWinnerOnly);
    if (cands.empty() || !cands.front().exact ||
        cands.front().place.level == geo::Level::kCountry ||
        cands.front().place.level == geo::Level::kAdmin1)
      return std::nullopt;
    return std::move(cands.front().place);
  }

  // "Donetsk Airport", "Mosul Dam": a facility the gazetteer lacks, named after the town it
  // serves, is placed at that town (its name stays as written in the notes).
  void FacilityOfATown(const geo::GeoContext& ctx, PlaceMention* pm) const {
    if (pm->place || pm->e < pm->b + 2 || !doc_.Is(text::Word::kFacility, pm->e - 1)) return;
    const std::string_view town = doc_.TokenSpan(pm->b, pm->e - 1).of(doc_.text);
    auto p = ExactPlaceBelowProvince(town, ctx);
    if (!p || p->level != geo::Level::kLocality) return;
    pm->place = std::move(p);
    pm->note = "a facility of '" + std::string(town) + "'";
  }

  // Applies ChooseCandidate's verdict to `pm`.
  void Settle(PlaceMention* pm, const std::vector<geo::Candidate>& cands, const Choice& choice,
              const std::vector<std::string>& provinces, geo::GeoContext* ctx,
              std::map<std::string, int>* country_votes) {
    pm->note = choice.why;
    if (choice.verdict == Verdict::kAmbiguous) {
      // Placed no more precisely than the area every namesake lies in: the province the
      // text names (as a village the gazetteer lacks), else that province itself.
      if (choice.common_admin1.empty()) return;
      if (std::find(provinces.begin(), provinces.end(), choice.common_admin1) != provinces.end()) {
        pm->locality_cue = true;
      } else if (const auto& a =
                     cache_->FindAdmin1(choice.common_admin1, choice.common_country_code)) {
        pm->place = a;
      }
      return;
    }
    if (choice.verdict != Verdict::kAccept) return;
    const geo::Candidate& cand = cands[choice.index];
    const geo::Place& best = cand.place;
    // A town abroad found by one of its foreign names ("Kahira" for Cairo) in an article
    // about another country is a local village the gazetteer lacks.
    if (!ctx->country_codes.empty() && best.level == geo::Level::kLocality &&
        std::find(ctx->country_codes.begin(), ctx->country_codes.end(), best.country_code) ==
            ctx->country_codes.end() &&
        !IsOwnName(pm->written, best))
      return;
    bool sentence_initial = pm->b == doc_.sentence_begin[doc_.SentenceOf(pm->b)];
    bool single_word = pm->e - pm->b == 1;
    bool big = best.level != geo::Level::kLocality || best.population >= 20000;
    if (sentence_initial && single_word && !big && !pm->locality_cue && !pm->near) return;
    pm->place = best;
    // A village keeps the text's Latin spelling (the press's and ACLED's, not GeoNames'
    // romanisation); an Arabic spelling takes the gazetteer's English name.
    if (best.village && !IsOwnName(pm->written, best) && !doc_.tokens[pm->b].is(kArabic)) {
      pm->note = "village " + best.name + " (" + best.admin1 + "), written " + pm->written;
      pm->place->name = pm->written;
    }
    (*country_votes)[best.country_code] += best.level == geo::Level::kCountry ? 1 : 2;
    if (ctx->nearby.size() < 8) ctx->nearby.emplace_back(best.latitude, best.longitude);
    AddPoint(*pm);
  }

  // Do provinces of more than one country bear this exact name (Littoral, Plateau, Punjab,
  // Red Sea)?
  // "in Salvador, Bahia": a country whose name begins with an article ("El Salvador"), named
  // without it, is more likely a city that bears the rest of the name, if a big one does.
  bool CityWithoutTheArticle(std::string_view written, const geo::Place& country) const {
    const std::string_view name = country.name;
    const size_t space = name.find(' ');
    if (space == std::string_view::npos || written.size() >= name.size()) return false;
    const std::string article = AsciiLowerCopy(name.substr(0, space));
    const auto& articles = res_.knowledge->words.Entries(text::Word::kCountryArticle);
    if (std::find(articles.begin(), articles.end(), article) == articles.end()) return false;
    for (const auto& cand : cache_->LookupAnywhere(written, kRunnersUp))
      if (cand.exact && cand.place.level == geo::Level::kLocality &&
          cand.place.population >= 100000 && IsOwnName(written, cand.place))
        return true;
    return false;
  }

  bool ProvinceOfSeveralCountries(std::string_view name) const {
    const auto& cands = cache_->LookupAnywhere(name, kRunnersUp);
    std::string first;
    for (const auto& c : cands) {
      if (!c.exact || c.place.level != geo::Level::kAdmin1) continue;
      if (first.empty())
        first = c.place.country_code;
      else if (c.place.country_code != first)
        return true;
    }
    return false;
  }

  // The province a place is or lies in.
  static std::string_view ProvinceOf(const geo::Place& p) {
    return p.level == geo::Level::kAdmin1 && p.admin1.empty() ? std::string_view(p.name)
                                                              : std::string_view(p.admin1);
  }

  // Is chunk `i` followed at once by "in" and the next name ("Tal Tamer in Al-Hasakeh")?
  // (Not after a comma, "near Sarmin, Idleb": tried, the check set fell.)
  bool InTheNext(const std::vector<PlaceMention>& chunks, size_t i) const {
    if (i + 1 >= chunks.size()) return false;
    const PlaceMention& next = chunks[i + 1];
    return next.b == chunks[i].e + 1 && doc_.Is(text::Word::kIn, chunks[i].e);
  }

  // "Plateau State" (Nigeria's; Benin's Plateau is a department), "Niger State": the province
  // of that name in a country whose provinces the text's kind word names
  // (data/province_kinds.tsv), if one has it.
  std::optional<geo::Place> ProvinceOfItsKind(const PlaceMention& pm) const {
    if (pm.kind == 0) return std::nullopt;
    const auto& by_kind = res_.knowledge->countries_by_province_kind;
    const auto it = by_kind.find(AsciiLowerCopy(doc_.TokenText(pm.kind)));
    if (it == by_kind.end()) return std::nullopt;
    for (const std::string& cc : it->second) {
      const auto& p = cache_->FindAdmin1(pm.written, cc, true);
      if (p && (IsOwnName(pm.written, *p) ||
                SameName(pm.written, p->admin1.empty() ? p->name : p->admin1)))
        return p;
    }
    return std::nullopt;
  }

  // The province `pm` names: in country `lead_cc` when given; elsewhere in the world only
  // when the text says it is a province, and only by its own name ("central Beirut" is no
  // province, and surely not Albania's Berat).
  void ResolveProvince(std::vector<PlaceMention>* chunks, size_t i, const std::string& lead_cc,
                       std::vector<std::string>* admin1_names,
                       std::map<std::string, int>* country_votes,
                       std::vector<bool>* said_province) const {
    PlaceMention* pm = &(*chunks)[i];
    std::optional<geo::Place> p;
    if (!lead_cc.empty()) p = cache_->FindAdmin1(pm->written, lead_cc, pm->province);
    if (!p && pm->province) p = ProvinceOfItsKind(*pm);
    if (!p && pm->province) {
      p = cache_->FindAdmin1(pm->written);  // (a stop name needs a country: "Centre")
      // (A spelling variant only in a country the article is already about: "Ras al-Ain
      // countryside" is not the Isle of Man's Rushen.)
      if (p && !IsOwnName(pm->written, *p) &&
          !SameName(pm->written, p->admin1.empty() ? p->name : p->admin1) &&
          !country_votes->count(p->country_code))
        p.reset();
    }
    if (p) {
      pm->province = true;
      pm->place = p;
      AddProvinceOnce(*p, admin1_names);  // (a 7 MB text had taken 27 s with repeats)
      (*country_votes)[p->country_code] += 2;
    } else {
      (*said_province)[i] = pm->province;
      pm->province = false;
    }
  }

  void Resolve(std::vector<PlaceMention>* chunks) {
    const geo::Gazetteer* gaz = res_.gazetteer;
    if (!gaz) return;
    // Pass 1: provinces and countries named in the article.
    std::map<std::string, int> country_votes;
    std::vector<std::string> admin1_names;
    // Nationality words vote for their country ("Afghan soldiers", "the Syrian regime"),
    // at most three votes per country so that one repeated word cannot decide alone.
    for (const auto& [country_index, count] : nationality_counts_) {
      if (const auto& c = cache_->FindCountry(res_.knowledge->countries[country_index]))
        country_votes[c->country_code] += std::min(count, 3);
    }
    // A source that reports on one country ("the OSCE SMM observed", "SOHR said") votes for it,
    // once however often it is cited.
    std::set<std::string_view> cited_countries;
    for (const auto& ag : doc_.agencies)
      if (const std::string& c = res_.knowledge->agencies[ag.agency].country; !c.empty())
        cited_countries.insert(c);
    for (std::string_view c : cited_countries)
      if (const auto& place = cache_->FindCountry(c)) country_votes[place->country_code] += 1;
    // State forces named for their country ("Military Forces of Afghanistan") vote too.
    std::map<std::string, int> actor_countries;
    for (const auto& am : doc_.actors) {
      // An alias two countries' entries share ("NAF") says nothing about the country; one
      // that a single country's entry shares with the generic forces ("the regime") votes
      // for that country.
      std::string_view country = CountryOfActor(res_.knowledge->actors[am.actor].canonical);
      if (const auto* owners = res_.knowledge->SharedAliasOwners(
              am.actor, doc_.TokenSpan(am.b, am.e).of(doc_.text))) {
        bool other_country = false;
        for (uint32_t o : *owners) {
          std::string_view home = CountryOfActor(res_.knowledge->actors[o].canonical);
          other_country |= !home.empty() && home != country;
        }
        if (other_country) continue;
      }
      if (!country.empty()) ++actor_countries[std::string(country)];
    }
    // ("Military Forces of Libya Haftar Faction": the longest leading words that name one.)
    for (const auto& [country, count] : actor_countries) {
      std::string_view name = country;
      while (!name.empty()) {
        if (const auto& c = cache_->FindCountry(name)) {
          // "the French army" is one piece of evidence about who, read twice (nationality and
          // actor): together they cast at most three votes, fewer than three places named.
          int& v = country_votes[c->country_code];
          v = std::max(v, std::min(v + count, 3));
          break;
        }
        size_t space = name.rfind(' ');
        name = space == std::string_view::npos ? std::string_view() : name.substr(0, space);
      }
    }
    // A named group that fights in one country ("Al Shabaab": Somalia) votes for it once, as
    // a monitor does: less than a place named.
    std::set<std::string_view> homes;
    for (const auto& am : doc_.actors)
      if (const std::string& home = res_.knowledge->actors[am.actor].home; !home.empty())
        homes.insert(home);
    for (std::string_view home : homes)
      if (const auto& c = cache_->FindCountry(home)) country_votes[c->country_code] += 1;
    // Countries first: "southern Syria" is the country, not a province.
    for (auto& pm : *chunks) {
      if (pm.dateline) continue;
      if (const auto& c = cache_->FindCountry(pm.written)) {
        if (CityWithoutTheArticle(pm.written, *c)) continue;
        if (ProvinceOfItsKind(pm)) continue;  // "Niger State" is no country
        pm.place = c;
        pm.province = false;
        country_votes[c->country_code] += 1;
      }
    }
    // "(Donga, Taraba)", "(Beni, Nord-Kivu)": the last name in brackets after a place is
    // most often its province.
    // So is a name alone in brackets just after a place ("the Bijapur and Dantewada border
    // (Chhattisgarh)"), unless a town is the better reading of it ("Beyoglu (Istanbul)": the
    // city of a neighbourhood).
    for (size_t i = 0; i < chunks->size(); ++i) {
      auto& pm = (*chunks)[i];
      if (pm.place || pm.province || pm.b < 3 || pm.e >= doc_.tokens.size()) continue;
      if (doc_.TokenText(pm.e) != ")") continue;
      if (doc_.TokenText(pm.b - 1) == "(") {
        if (i > 0 && (*chunks)[i - 1].e + 4 >= pm.b && (*chunks)[i - 1].e < pm.b) {
          const auto& best = cache_->LookupAnywhere(pm.written, kWinnerOnly);
          pm.province = !best.empty() && best.front().place.level == geo::Level::kAdmin1;
        }
        continue;
      }
      if (doc_.TokenText(pm.b - 1) != ",") continue;
      for (uint32_t t = pm.b - 1; t > 0 && pm.b - t < 8; --t) {
        if (doc_.TokenText(t - 1) == "(") {
          pm.province = true;
          break;
        }
      }
    }
    // "located at Zamanly, Gadabay": a name the gazetteer does not know, then after a comma
    // a province's own name (which its capital bears too) is a village of that province.
    for (size_t i = 0; i + 1 < chunks->size(); ++i) {
      auto& next = (*chunks)[i + 1];
      const auto& pm = (*chunks)[i];
      if (next.place || next.province || pm.place || pm.province || pm.dateline ||
          next.b != pm.e + 1 || doc_.TokenText(pm.e) != ",")
        continue;
      const auto p = gaz->FindAdmin1(next.written);
      if (p && IsOwnName(next.written, *p) &&
          cache_->LookupAnywhere(pm.written, kWinnerOnly).empty())
        next.province = true;
    }
    std::string lead_cc;
    for (const auto& [cc, v] : country_votes)
      if (lead_cc.empty() || v > country_votes[lead_cc]) lead_cc = cc;
    // Names the text calls provinces but that name none ("Thi Qar province" when the
    // gazetteer spells it otherwise): never a village.
    std::vector<bool> said_province(chunks->size(), false);
    std::vector<size_t> pending_provinces;
    for (auto& pm : *chunks) {
      if (pm.place || pm.dateline || !(pm.province || pm.direction)) continue;
      // An article that names no country yet ("in Douala (Wouri, Littoral)"): the towns
      // will say which country's province it is (Littoral is in Cameroon and in Benin).
      if (lead_cc.empty() && pm.province && ProvinceOfSeveralCountries(pm.written)) {
        pending_provinces.push_back(&pm - chunks->data());
        continue;
      }
      ResolveProvince(chunks, &pm - chunks->data(), lead_cc, &admin1_names, &country_votes,
                      &said_province);
    }
    // A name the gazetteer may not know, followed by its province, is a locality:
    // "in Melihit al-Atash, rural Daraa", "the al-Yarmouk Basin, Daraa province".
    for (size_t i = 0; i + 1 < chunks->size(); ++i) {
      auto& pm = (*chunks)[i];
      const auto& next = (*chunks)[i + 1];
      if (pm.province || !next.province || next.b > pm.e + 4) continue;
      bool comma = false;
      for (uint32_t t = pm.e; t < next.b; ++t) comma |= doc_.TokenText(t) == ",";
      if (comma) pm.locality_cue = true;
    }
    // Pass 2: everything else, with the provinces as context.
    geo::GeoContext ctx;
    ctx.nearby.reserve(8);  // (Settle keeps up to 8)
    ctx.admin1_names = admin1_names;
    for (const auto& [cc, v] : country_votes) (void)v, ctx.country_codes.push_back(cc);
    std::sort(ctx.country_codes.begin(), ctx.country_codes.end(),
              [&](const std::string& a, const std::string& b) {
                return country_votes[a] > country_votes[b];
              });
    // Places written exactly as the gazetteer has them vote for their country first, so
    // that an article that names no country still ranks the rest ("Kiremba, Ngozi").
    if (ctx.country_codes.empty()) {
      std::map<std::string, int> exact_votes;
      for (const auto& pm : *chunks) {
        if (pm.place || pm.dateline || pm.province) continue;
        const auto cands = gaz->Lookup(pm.written, ctx, kWinnerOnly);
        // (A village of unknown size says little about where the article is.)
        if (cands.empty() || !cands.front().exact || cands.front().place.village) continue;
        // A province or a city outweighs a hamlet that shares a name abroad.
        const geo::Place& p = cands.front().place;
        // Only a place's own name votes: a former or foreign name ("Molotov" for Perm) is
        // more often a word that means something else in the text.
        if (p.level == geo::Level::kLocality && !IsOwnName(pm.written, p)) continue;
        int weight = 1;
        if (p.level == geo::Level::kAdmin1)
          weight = 3;
        else if (p.level != geo::Level::kLocality || p.population >= 100000 ||
                 p.feature_code == "PPLA" || p.feature_code == "PPLC")
          weight = 2;
        exact_votes[p.country_code] += weight;
      }
      for (const auto& [cc, v] : exact_votes) ctx.country_codes.push_back(cc);
      std::sort(ctx.country_codes.begin(), ctx.country_codes.end(),
                [&](const std::string& a, const std::string& b) {
                  return exact_votes[a] > exact_votes[b];
                });
      if (ctx.country_codes.size() > 3) ctx.country_codes.resize(3);
    }
    const std::string lead = ctx.country_codes.empty() ? std::string() : ctx.country_codes.front();
    for (size_t i : pending_provinces) {
      ResolveProvince(chunks, i, lead, &admin1_names, &country_votes, &said_province);
      if (const auto& place = (*chunks)[i].place) AddProvinceOnce(*place, &ctx.admin1_names);
    }
    // Pass 2: everything else, with the provinces as context. A village that the
    // article's other places may decide waits for pass 3, when they are all known.
    std::vector<size_t> deferred;
    for (size_t i = 0; i < chunks->size(); ++i) {
      auto& pm = (*chunks)[i];
      if (pm.place) continue;
      // "shelled Tal Tamer in Al-Hasakeh": the place it is in decides, once known.
      if (InTheNext(*chunks, i)) {
        deferred.push_back(i);
        continue;
      }
      // The winner alone decides, unless it is a village or a place of the same sentence
      // may reorder the candidates: then the runners-up are needed too.
      MentionEvidence evidence = Evidence(i, *chunks, admin1_names);
      std::vector<geo::Candidate> cands =
          gaz->Lookup(pm.written, ctx,
                      evidence.same_sentence.empty() && !said_province[i] ? kWinnerOrVillageRivals
                                                                          : kRunnersUp);
      if (said_province[i]) std::erase_if(cands, [](const auto& c) { return c.place.village; });
      if (cands.empty()) continue;
      Choice choice = ChooseCandidate(&cands, evidence, false);
      if (choice.verdict == Verdict::kDefer) {
        deferred.push_back(i);
        continue;
      }
      Settle(&pm, cands, choice, admin1_names, &ctx, &country_votes);
      // "shelled Kansafra in Idleb": a province named plainly is context for the villages
      // still to decide, as one called a province is.
      if (pm.place && pm.place->level == geo::Level::kAdmin1) {
        AddProvinceOnce(*pm.place, &admin1_names);
        AddProvinceOnce(*pm.place, &ctx.admin1_names);
      }
    }
    ctx.nearby = points_;
    for (size_t i : deferred) {
      auto& pm = (*chunks)[i];
      // "Tal Tamer in Al-Hasakeh": inside a place now settled, the province and the country
      // of that place are context for this name.
      const geo::Place* container = nullptr;
      if (InTheNext(*chunks, i) && (*chunks)[i + 1].place &&
          !ProvinceOf(*(*chunks)[i + 1].place).empty())
        container = &*(*chunks)[i + 1].place;
      geo::GeoContext inside;
      std::vector<std::string> provinces;
      if (container) {
        inside = ctx;
        inside.admin1_names.emplace_back(ProvinceOf(*container));
        inside.country_codes.insert(inside.country_codes.begin(), container->country_code);
        provinces = admin1_names;
        provinces.emplace_back(ProvinceOf(*container));
      }
      std::vector<geo::Candidate> cands =
          gaz->Lookup(pm.written, container ? inside : ctx, kRunnersUp);
      if (cands.empty()) continue;
      const auto& named = container ? provinces : admin1_names;
      Choice choice = ChooseCandidate(&cands, Evidence(i, *chunks, named), true);
      Settle(&pm, cands, choice, named, &ctx, &country_votes);
    }
    for (auto& pm : *chunks) {
      RoadBetweenPlaces(ctx, &pm);
      FacilityOfATown(ctx, &pm);
    }
    // The article's country: most votes; a place abroad that is neither a country nor a
    // province and has no locality cue is more often a homonym than a foreign event.
    // (On a tie, the country of a place the text names before that of a force's nationality:
    // "Russian warplanes bombed the outskirts of Idlib" is about Syria.)
    auto names_a_place_of = [&](const std::string& cc) {
      for (const auto& pm : *chunks)
        if (pm.place && pm.place->country_code == cc && pm.place->level != geo::Level::kCountry)
          return true;
      return false;
    };
    std::string best_cc;
    int best_votes = 0;
    for (const auto& [cc, v] : country_votes)
      if (v > best_votes ||
          (v == best_votes && v > 0 && !names_a_place_of(best_cc) && names_a_place_of(cc)))
        best_cc = cc, best_votes = v;
    if (!best_cc.empty()) {
      for (auto& pm : *chunks) {
        if (pm.place && pm.place->country_code == best_cc) {
          doc_.country = pm.place->country;
          doc_.country_code = best_cc;
          break;
        }
      }
      // (No place of it resolved, as when its towns' names are shared by several of its
      // provinces: the votes still say which country.)
      if (doc_.country.empty()) {
        if (const auto& c = cache_->FindCountry(best_cc)) {
          doc_.country = c->country;
          doc_.country_code = best_cc;
        }
      }
      // A local name resolved abroad is more often a homonym than a foreign event: keep it
      // as written (a cue still makes it a place) rather than jump countries.
      for (auto& pm : *chunks) {
        if (pm.place && pm.place->country_code != best_cc &&
            pm.place->level != geo::Level::kCountry && best_votes >= 3)
          pm.place.reset();
      }
    }
  }

  const MentionResources& res_;
  const std::map<uint32_t, int>& nationality_counts_;  // country index -> words seen
  GeoCache* cache_;
  Document& doc_;
  static constexpr size_t kMaxPoints = 64;
  std::vector<std::pair<double, double>> points_;  // resolved towns, villages, districts
  mutable LooseKeys loose_keys_;
};

}  // namespace

void ResolvePlaces(const MentionResources& res, const std::map<uint32_t, int>& nationality_counts,
                   GeoCache* cache, mentions::Document* doc,
                   std::vector<mentions::PlaceMention>* chunks) {
  Resolver(res, nationality_counts, cache, doc).Run(chunks);
}

}  // namespace sitrep::places
