#include "mentions/knowledge.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <unordered_map>

namespace sitrep::mentions {
namespace {

void AddAliases(std::string_view aliases, PhraseKind kind, uint32_t payload, Knowledge* k) {
  for (std::string_view a : SplitString(aliases, '|'))
    k->lexicon.Add(kind, TrimWhitespace(a), payload);
}

// `first_owner` (lower-case alias -> first entry that lists it) spans every actor file.
Status LoadActors(const std::string& path, Knowledge* k,
                  std::unordered_map<std::string, uint32_t>* owners_so_far) {
  auto& first_owner = *owners_so_far;
  return ForEachTsvRow(path, 3, [&](const std::vector<std::string_view>& f, int) {
    ActorEntry e;
    e.canonical = std::string(TrimWhitespace(f[0]));
    int inter = 0;
    auto r = std::from_chars(f[1].data(), f[1].data() + f[1].size(), inter);
    if (r.ec != std::errc() || inter < 0 || inter > 8)
      return Status::InvalidInput("inter must be an ACLED actor-type code 0..8, got '" +
                                  std::string(f[1]) + "'");
    e.inter = inter;
    if (f.size() > 3) e.unit = std::string(TrimWhitespace(f[3]));
    if (f.size() > 4) e.home = std::string(TrimWhitespace(f[4]));
    auto id = static_cast<uint32_t>(k->actors.size());
    k->actors.push_back(e);
    for (std::string_view a : SplitString(f[2], '|')) {
      a = TrimWhitespace(a);
      if (a.empty()) continue;
      std::string key = AsciiLowerCopy(a);
      auto [it, fresh] = first_owner.emplace(key, id);
      if (fresh) {
        k->lexicon.Add(kActorPhrase, a, id);
      } else if (k->actors[it->second].canonical != e.canonical) {
        auto& owners = k->shared_actor_aliases[key];
        if (owners.empty()) owners.push_back(it->second);
        owners.push_back(id);
        k->actor_has_shared_alias.resize(k->actors.size(), false);
        k->actor_has_shared_alias[it->second] = true;
        k->actor_has_shared_alias[id] = true;
      }
    }
    return Status::Ok();
  });
}

// "Libya" names "Libya Haftar Faction" too: the whole name or its leading words.
bool NamesCountry(std::string_view name, std::string_view country) {
  return name == country || (name.size() > country.size() && name.rfind(country, 0) == 0 &&
                             name[country.size()] == ' ');
}

Status LoadAgencies(const std::string& path, Knowledge* k) {
  return ForEachTsvRow(path, 3, [&](const std::vector<std::string_view>& f, int) {
    auto id = static_cast<uint32_t>(k->agencies.size());
    AgencyEntry e{
        std::string(TrimWhitespace(f[0])), std::string(TrimWhitespace(f[1])), 0, false, {}};
    std::string_view inter = f.size() > 3 ? TrimWhitespace(f[3]) : std::string_view();
    if (!e.affiliation.empty()) {
      auto r = std::from_chars(inter.data(), inter.data() + inter.size(), e.affiliation_inter);
      if (r.ec != std::errc() || e.affiliation_inter < 1 || e.affiliation_inter > 8)
        return Status::InvalidInput("an affiliated source needs the ACLED actor type 1..8 of '" +
                                    e.affiliation + "' in column 4, got '" + std::string(inter) +
                                    "'");
    }
    if (f.size() > 4) {
      std::string_view flag = TrimWhitespace(f[4]);
      if (flag == "unnamed")
        e.unnamed = true;
      else if (!flag.empty())
        return Status::InvalidInput("unknown flag '" + std::string(flag) + "' (column 5: unnamed)");
    }
    if (f.size() > 5) e.country = std::string(TrimWhitespace(f[5]));
    k->agencies.push_back(std::move(e));
    AddAliases(f[2], kAgencyPhrase, id, k);
    for (std::string_view a : SplitString(f[2], '|')) {
      a = TrimWhitespace(a);
      if (a.size() >= 4 && a.find(' ') == std::string_view::npos) {
        k->agency_aliases_lower.push_back(AsciiLowerCopy(a));
        k->agency_alias_owner.push_back(id);
      }
    }
    return Status::Ok();
  });
}

Status LoadTriggers(const std::string& path, Knowledge* k) {
  // A phrase listed twice with two sub-types would silently take the first (file order).
  std::unordered_map<std::string, SubEventType> seen;
  return ForEachTsvRow(path, 4, [&](const std::vector<std::string_view>& f, int) {
    TriggerEntry e;
    auto sub = k->taxonomy.ParseSubEventType(TrimWhitespace(f[1]), TrimWhitespace(f[2]));
    if (!sub.ok()) return sub.status();
    e.sub = *sub;
    auto [it, fresh] = seen.emplace(AsciiLowerCopy(TrimWhitespace(f[0])), e.sub);
    if (!fresh && it->second != e.sub)
      return Status::InvalidInput("'" + it->first +
                                  "' is listed again with another sub-event type (" +
                                  std::string(TrimWhitespace(f[2])) + ")");
    e.type = k->taxonomy.TypeOf(e.sub);
    auto r = std::from_chars(f[3].data(), f[3].data() + f[3].size(), e.weight);
    if (r.ec != std::errc()) return Status::InvalidInput("weight must be a number 1..9");
    if (f.size() > 4) {
      for (std::string_view flag : SplitString(f[4], ',')) {
        flag = TrimWhitespace(flag);
        if (flag == "generic")
          e.generic = true;
        else if (flag == "attempt")
          e.attempt = true;
        else if (flag == "plural")
          e.plural = true;
        else if (flag == "territory")
          e.territory = true;
        else if (flag == "casualty")
          e.casualty = true;
        else if (flag == "agentive")
          e.agentive = true;
        else if (flag == "reflexive")
          e.reflexive = true;
        else if (flag == "crowd")
          e.crowd = true;
        else if (flag == "lethal")
          e.lethal = true;
        else if (flag == "defence")
          e.defence = true;
        else if (flag == "crowd_control")
          e.crowd_control = true;
        else if (flag == "stance")
          e.stance = true;
        else if (flag == "aerial")
          e.aerial = true;
        else if (flag == "base_object")
          e.base_object = true;
        else if (!flag.empty())
          return Status::InvalidInput("unknown flag '" + std::string(flag) + "'");
      }
    }
    auto id = static_cast<uint32_t>(k->triggers.size());
    k->triggers.push_back(e);
    k->lexicon.Add(kTriggerPhrase, f[0], id);
    return Status::Ok();
  });
}

Status LoadCasualties(const std::string& path, Knowledge* k) {
  return ForEachTsvRow(path, 3, [&](const std::vector<std::string_view>& f, int) {
    CasualtyEntry e;
    std::string_view kind = TrimWhitespace(f[1]), where = TrimWhitespace(f[2]);
    if (kind == "killed")
      e.kind = CasualtyKind::kKilled;
    else if (kind == "injured")
      e.kind = CasualtyKind::kInjured;
    else if (kind == "abducted")
      e.kind = CasualtyKind::kAbducted;
    else
      return Status::InvalidInput("kind must be killed|injured|abducted");
    if (where == "before")
      e.count_after = false;
    else if (where == "after")
      e.count_before = false;
    else if (where != "both")
      return Status::InvalidInput("where must be before|after|both");
    auto id = static_cast<uint32_t>(k->casualties.size());
    k->casualties.push_back(e);
    k->lexicon.Add(kCasualtyPhrase, f[0], id);
    return Status::Ok();
  });
}

Status LoadCues(const std::string& path, Knowledge* k) {
  return ForEachTsvRow(path, 3, [&](const std::vector<std::string_view>& f, int) {
    CueEntry e;
    std::string_view side = TrimWhitespace(f[1]), role = TrimWhitespace(f[2]);
    if (side != "before" && side != "after")
      return Status::InvalidInput("side must be before|after");
    e.before = side == "before";
    if (role == "locality")
      e.role = CueRole::kLocality;
    else if (role == "village")
      e.role = CueRole::kVillage;
    else if (role == "province")
      e.role = CueRole::kProvince;
    else if (role == "near")
      e.role = CueRole::kNear;
    else if (role == "hospital")
      e.role = CueRole::kHospital;
    else if (role == "person")
      e.role = CueRole::kPerson;
    else if (role == "not_place")
      e.role = CueRole::kNotPlace;
    else if (role == "site")
      e.role = CueRole::kSite;
    else
      return Status::InvalidInput(
          "role must be locality|village|province|near|hospital|person|not_place|site");
    auto id = static_cast<uint32_t>(k->cues.size());
    k->cues.push_back(e);
    k->lexicon.Add(kCuePhrase, f[0], id);
    return Status::Ok();
  });
}

Status LoadNationalities(const std::string& path, Knowledge* k) {
  return ForEachTsvRow(path, 2, [&](const std::vector<std::string_view>& f, int) {
    auto id = static_cast<uint32_t>(k->countries.size());
    k->countries.emplace_back(TrimWhitespace(f[0]));
    AddAliases(f[1], kNationalityPhrase, id, k);
    return Status::Ok();
  });
}

Status LoadProvinceKinds(const std::string& path, Knowledge* k) {
  const auto& kinds = k->words.Entries(text::Word::kProvinceSuffix);
  return ForEachTsvRow(path, 2, [&](const std::vector<std::string_view>& f, int) {
    const std::string_view cc = TrimWhitespace(f[0]);
    if (cc.size() != 2) return Status::InvalidInput("not an ISO country code: " + std::string(cc));
    for (std::string_view word : SplitString(f[1], '|')) {
      std::string kind = AsciiLowerCopy(TrimWhitespace(word));
      if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end())
        return Status::InvalidInput("'" + kind + "' is no word of class province_suffix");
      k->countries_by_province_kind[kind].emplace_back(cc);
    }
    return Status::Ok();
  });
}

Status LoadStopwords(const std::string& path, Knowledge* k) {
  std::string content, error;
  if (!ReadFileToString(path, &content, &error)) return Status::NotFound(error);
  for (std::string_view line : SplitString(content, '\n')) {
    line = TrimWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    k->place_stopword_storage.push_back(AsciiLowerCopy(line));
    k->place_stopwords.insert(k->place_stopword_storage.back());
  }
  return Status::Ok();
}

}  // namespace

std::string_view CountryOfActor(std::string_view canonical) {
  size_t of = canonical.rfind(" of ");
  if (of == std::string_view::npos || canonical.find('{') != std::string_view::npos) return {};
  std::string_view c = canonical.substr(of + 4);
  if (c.rfind("the ", 0) == 0) c.remove_prefix(4);
  return c;
}

const std::vector<uint32_t>* Knowledge::SharedAliasOwners(uint32_t id,
                                                          std::string_view alias) const {
  if (id >= actor_has_shared_alias.size() || !actor_has_shared_alias[id]) return nullptr;
  char buf[64];  // (a short alias is lower-cased on the stack, a longer one into a string)
  std::string lower;
  std::string_view key;
  if (alias.size() <= sizeof buf) {
    std::memcpy(buf, alias.data(), alias.size());
    AsciiLowerInPlace(buf, alias.size());
    key = std::string_view(buf, alias.size());
  } else {
    lower = AsciiLowerCopy(alias);
    key = lower;
  }
  auto it = shared_actor_aliases.find(key);
  return it == shared_actor_aliases.end() ? nullptr : &it->second;
}

uint32_t Knowledge::ResolveActor(uint32_t id, std::string_view alias,
                                 std::string_view country) const {
  const std::vector<uint32_t>* owners = country.empty() ? nullptr : SharedAliasOwners(id, alias);
  if (!owners) return id;
  // The entry of the article's country; else one that names no country; else the first.
  // (Only a country the nationality list knows: "... of Novorossiya" names none.)
  auto home_of = [&](uint32_t c) -> std::string_view {
    std::string_view home = CountryOfActor(actors[c].canonical);
    for (const auto& known : countries)
      if (NamesCountry(home, known)) return home;
    return {};
  };
  for (uint32_t c : *owners) {
    std::string_view home = home_of(c);
    if (!home.empty() && NamesCountry(home, country)) return c;
  }
  for (uint32_t c : *owners)
    if (home_of(c).empty()) return c;
  return id;
}

Result<Knowledge> Knowledge::Load(const std::string& dir) {
  Knowledge k;
  SITREP_ASSIGN_OR_RETURN(k.taxonomy, Taxonomy::Load(dir + "/taxonomy.tsv"));
  SITREP_ASSIGN_OR_RETURN(
      k.words, text::WordClasses::Load(dir + "/word_classes.tsv", k.lexicon.mutable_vocabulary()));
  // The imported PETRARCH2 dictionaries (data/petrarch2/, optional) load after the curated
  // lists: an alias or phrase both list stays the curated entry's (the lexicon keeps the
  // first of equal matches), and the importer leaves out any that would shadow one.
  const std::string imported = dir + "/petrarch2";
  std::error_code ec;
  const bool with_imported = std::filesystem::is_directory(imported, ec);
  std::unordered_map<std::string, uint32_t> actor_owners;
  SITREP_RETURN_IF_ERROR(LoadActors(dir + "/actors.tsv", &k, &actor_owners));
  if (with_imported)
    SITREP_RETURN_IF_ERROR(LoadActors(imported + "/actors.tsv", &k, &actor_owners));
  for (size_t i = 0; i < k.actors.size() && k.named_group < 0; ++i)
    if (k.actors[i].canonical == "{name}") k.named_group = static_cast<int>(i);
  k.the_id = k.lexicon.vocabulary().Find("the");
  for (size_t i = 0; i < k.actors.size() && k.national_military < 0; ++i)
    if (k.actors[i].canonical == "Military Forces of {country}")
      k.national_military = static_cast<int>(i);
  // An armed group of inter 3 whose name starts with a word of class unidentified_actor
  // ("Unidentified Armed Group") is who ACLED names when the perpetrator is unknown.
  auto unidentified = [&](std::string_view name) {
    std::string first = AsciiLowerCopy(name.substr(0, name.find(' ')));
    for (const auto& w : k.words.Entries(text::Word::kUnidentifiedActor))
      if (first == w) return true;
    return false;
  };
  for (const ActorEntry& a : k.actors) {
    constexpr std::string_view kSlot = " ({country})";
    std::string_view name = a.canonical;
    const bool crowd = (a.inter >= 5 && a.inter <= 7) || (a.inter == 3 && unidentified(name));
    if (!crowd || !k.crowd_names_[a.inter].empty() || name.size() <= kSlot.size() ||
        name.substr(name.size() - kSlot.size()) != kSlot)
      continue;
    k.crowd_names_[a.inter] = std::string(name.substr(0, name.size() - kSlot.size()));
  }
  for (int inter : {3, 5, 6, 7})
    if (k.crowd_names_[inter].empty())
      return Status::InvalidInput(dir +
                                  "/actors.tsv: no crowd entry \"Name ({country})\" of inter " +
                                  std::to_string(inter));
  SITREP_RETURN_IF_ERROR(LoadAgencies(dir + "/agencies.tsv", &k));
  SITREP_RETURN_IF_ERROR(LoadTriggers(dir + "/triggers.tsv", &k));
  if (with_imported) SITREP_RETURN_IF_ERROR(LoadTriggers(imported + "/triggers.tsv", &k));
  SITREP_RETURN_IF_ERROR(LoadCasualties(dir + "/casualties.tsv", &k));
  SITREP_RETURN_IF_ERROR(LoadCues(dir + "/place_cues.tsv", &k));
  SITREP_RETURN_IF_ERROR(LoadNationalities(dir + "/nationalities.tsv", &k));
  for (const ActorEntry& a : k.actors)
    if (!a.home.empty() &&
        std::find(k.countries.begin(), k.countries.end(), a.home) == k.countries.end())
      return Status::InvalidInput(dir + "/actors.tsv: the home country '" + a.home + "' of '" +
                                  a.canonical + "' is no country of nationalities.tsv");
  SITREP_RETURN_IF_ERROR(LoadProvinceKinds(dir + "/province_kinds.tsv", &k));
  SITREP_RETURN_IF_ERROR(LoadStopwords(dir + "/place_stopwords.txt", &k));
  return k;
}

}  // namespace sitrep::mentions
