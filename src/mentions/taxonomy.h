// ACLED's event taxonomy as enums. The names (what sitrep writes) and the tree (which
// sub-type belongs to which type, which type to which disorder type) live in
// data/taxonomy.tsv; Taxonomy::Load checks that the file and these enums name the same
// types, so a typo in a data file is an error at load, never a 26th sub-type.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sitrep/status.h"

namespace sitrep::mentions {

enum class DisorderType : uint8_t { kPoliticalViolence, kDemonstrations, kStrategicDevelopments };

enum class EventType : uint8_t {
  kBattles,
  kExplosions,  // "Explosions/Remote violence"
  kViolenceAgainstCivilians,
  kProtests,
  kRiots,
  kStrategicDevelopments,
};

enum class SubEventType : uint8_t {
  kArmedClash,
  kGovernmentRegainsTerritory,
  kNonStateActorOvertakesTerritory,
  kChemicalWeapon,
  kAirDroneStrike,
  kSuicideBomb,
  kShellingArtilleryMissileAttack,
  kRemoteExplosive,  // "Remote explosive/landmine/IED"
  kGrenade,
  kSexualViolence,
  kAttack,
  kAbduction,  // "Abduction/forced disappearance"
  kPeacefulProtest,
  kProtestWithIntervention,
  kExcessiveForceAgainstProtesters,
  kViolentDemonstration,
  kMobViolence,
  kAgreement,
  kArrests,
  kChangeToGroupActivity,
  kDisruptedWeaponsUse,
  kHeadquartersOrBaseEstablished,
  kLootingPropertyDestruction,
  kNonViolentTransferOfTerritory,
  kOther,
};

inline constexpr size_t kEventTypeCount = 6;
inline constexpr size_t kSubEventTypeCount = 25;

class Taxonomy {
 public:
  // Reads data/taxonomy.tsv. Fails (file:line) on a row the enums do not know, a sub-type
  // listed twice or under two types, or a type of the enums that the file lacks.
  static Result<Taxonomy> Load(const std::string& path);

  const std::string& Name(DisorderType d) const { return disorder_names_[Index(d)]; }
  const std::string& Name(EventType t) const { return type_names_[Index(t)]; }
  const std::string& Name(SubEventType s) const { return sub_names_[Index(s)]; }
  EventType TypeOf(SubEventType s) const { return type_of_[Index(s)]; }
  DisorderType DisorderOf(EventType t) const { return disorder_of_[Index(t)]; }

  // The id of data/taxonomy.tsv's first column ("armed_clash").
  const std::string& Id(SubEventType s) const { return ids_[Index(s)]; }
  // The sub-type whose name (as sitrep writes it) is `name`.
  std::optional<SubEventType> FindSubEventType(std::string_view name) const {
    for (size_t s = 0; s < kSubEventTypeCount; ++s)
      if (sub_names_[s] == name) return static_cast<SubEventType>(s);
    return std::nullopt;
  }

  // The sub-type called `name` within type `type` (as data files write them).
  Result<SubEventType> ParseSubEventType(std::string_view type, std::string_view name) const;

 private:
  template <class E>
  static size_t Index(E e) {
    return static_cast<size_t>(e);
  }
  std::array<std::string, 3> disorder_names_;
  std::array<std::string, kEventTypeCount> type_names_;
  std::array<std::string, kSubEventTypeCount> sub_names_;
  std::array<std::string, kSubEventTypeCount> ids_;
  std::array<EventType, kSubEventTypeCount> type_of_{};
  std::array<DisorderType, kEventTypeCount> disorder_of_{};
};

// Political violence by default; demonstrations and strategic developments as the taxonomy says.
inline bool IsPoliticalViolence(const Taxonomy& t, EventType e) {
  return t.DisorderOf(e) == DisorderType::kPoliticalViolence;
}

}  // namespace sitrep::mentions
