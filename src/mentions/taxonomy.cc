#include "mentions/taxonomy.h"

#include "util/text.h"
#include "util/tsv.h"

namespace sitrep::mentions {
namespace {

// The ids of data/taxonomy.tsv's first column, in enum order, with the tree the rules rely on
// (a sub-type's event type, an event type's disorder type). The file must agree.
struct SubTypeId {
  std::string_view id;
  SubEventType sub;
  EventType type;
};
constexpr SubTypeId kSubTypes[kSubEventTypeCount] = {
    {"armed_clash", SubEventType::kArmedClash, EventType::kBattles},
    {"government_regains_territory", SubEventType::kGovernmentRegainsTerritory,
     EventType::kBattles},
    {"non_state_actor_overtakes_territory", SubEventType::kNonStateActorOvertakesTerritory,
     EventType::kBattles},
    {"chemical_weapon", SubEventType::kChemicalWeapon, EventType::kExplosions},
    {"air_drone_strike", SubEventType::kAirDroneStrike, EventType::kExplosions},
    {"suicide_bomb", SubEventType::kSuicideBomb, EventType::kExplosions},
    {"shelling_artillery_missile_attack", SubEventType::kShellingArtilleryMissileAttack,
     EventType::kExplosions},
    {"remote_explosive", SubEventType::kRemoteExplosive, EventType::kExplosions},
    {"grenade", SubEventType::kGrenade, EventType::kExplosions},
    {"sexual_violence", SubEventType::kSexualViolence, EventType::kViolenceAgainstCivilians},
    {"attack", SubEventType::kAttack, EventType::kViolenceAgainstCivilians},
    {"abduction", SubEventType::kAbduction, EventType::kViolenceAgainstCivilians},
    {"peaceful_protest", SubEventType::kPeacefulProtest, EventType::kProtests},
    {"protest_with_intervention", SubEventType::kProtestWithIntervention, EventType::kProtests},
    {"excessive_force_against_protesters", SubEventType::kExcessiveForceAgainstProtesters,
     EventType::kProtests},
    {"violent_demonstration", SubEventType::kViolentDemonstration, EventType::kRiots},
    {"mob_violence", SubEventType::kMobViolence, EventType::kRiots},
    {"agreement", SubEventType::kAgreement, EventType::kStrategicDevelopments},
    {"arrests", SubEventType::kArrests, EventType::kStrategicDevelopments},
    {"change_to_group_activity", SubEventType::kChangeToGroupActivity,
     EventType::kStrategicDevelopments},
    {"disrupted_weapons_use", SubEventType::kDisruptedWeaponsUse,
     EventType::kStrategicDevelopments},
    {"headquarters_or_base_established", SubEventType::kHeadquartersOrBaseEstablished,
     EventType::kStrategicDevelopments},
    {"looting_property_destruction", SubEventType::kLootingPropertyDestruction,
     EventType::kStrategicDevelopments},
    {"non_violent_transfer_of_territory", SubEventType::kNonViolentTransferOfTerritory,
     EventType::kStrategicDevelopments},
    {"other", SubEventType::kOther, EventType::kStrategicDevelopments},
};
constexpr DisorderType kDisorderOf[kEventTypeCount] = {
    DisorderType::kPoliticalViolence, DisorderType::kPoliticalViolence,
    DisorderType::kPoliticalViolence, DisorderType::kDemonstrations,
    DisorderType::kDemonstrations,    DisorderType::kStrategicDevelopments};

}  // namespace

Result<Taxonomy> Taxonomy::Load(const std::string& path) {
  Taxonomy t;
  std::array<bool, kSubEventTypeCount> seen{};
  Status st = ForEachTsvRow(path, 4, [&](const std::vector<std::string_view>& f, int) {
    std::string_view id = TrimWhitespace(f[0]);
    const SubTypeId* known = nullptr;
    for (const auto& k : kSubTypes)
      if (k.id == id) known = &k;
    if (!known)
      return Status::InvalidInput("unknown sub-event type id '" + std::string(id) +
                                  "' (ids are listed in src/mentions/taxonomy.cc)");
    size_t s = Index(known->sub), e = Index(known->type), d = Index(kDisorderOf[e]);
    if (seen[s]) return Status::InvalidInput("sub-event type '" + std::string(id) + "' twice");
    seen[s] = true;
    std::string disorder(TrimWhitespace(f[1])), type(TrimWhitespace(f[2])),
        sub(TrimWhitespace(f[3]));
    if (disorder.empty() || type.empty() || sub.empty()) return Status::InvalidInput("empty name");
    auto agree = [](std::string* slot, const std::string& name, const char* what) {
      if (slot->empty()) *slot = name;
      if (*slot == name) return Status::Ok();
      return Status::InvalidInput(std::string(what) + " '" + name + "' here, '" + *slot +
                                  "' on an earlier row of the same " + what);
    };
    SITREP_RETURN_IF_ERROR(agree(&t.type_names_[e], type, "event type"));
    SITREP_RETURN_IF_ERROR(agree(&t.disorder_names_[d], disorder, "disorder type"));
    for (size_t other = 0; other < kEventTypeCount; ++other)
      if (other != e && t.type_names_[other] == type)
        return Status::InvalidInput("'" + std::string(id) + "' is listed under event type '" +
                                    type + "', which is another sub-type's parent");
    t.sub_names_[s] = sub;
    t.ids_[s] = std::string(id);
    t.type_of_[s] = known->type;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  for (const auto& k : kSubTypes)
    if (!seen[Index(k.sub)])
      return Status::InvalidInput(path + ": sub-event type '" + std::string(k.id) + "' is missing");
  for (size_t e = 0; e < kEventTypeCount; ++e) t.disorder_of_[e] = kDisorderOf[e];
  return t;
}

Result<SubEventType> Taxonomy::ParseSubEventType(std::string_view type,
                                                 std::string_view name) const {
  for (size_t s = 0; s < kSubEventTypeCount; ++s) {
    if (sub_names_[s] != name) continue;
    if (type_names_[Index(type_of_[s])] != type)
      return Status::InvalidInput("sub-event type '" + std::string(name) + "' belongs to '" +
                                  type_names_[Index(type_of_[s])] + "', not '" + std::string(type) +
                                  "'");
    return static_cast<SubEventType>(s);
  }
  return Status::InvalidInput("unknown sub-event type '" + std::string(name) +
                              "' (data/taxonomy.tsv lists ACLED's 25)");
}

}  // namespace sitrep::mentions
