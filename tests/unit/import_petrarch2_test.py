#!/usr/bin/env python3
"""Tests of scripts/import_petrarch2.py: a few CAMEO blocks, agent lines and group entries
in PETRARCH2's own formats go in, with small curated lists and decision tables; the rows of
the derived triggers.tsv and actors.tsv come out."""
import argparse
import importlib.util
import os
import tempfile
import textwrap
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
spec = importlib.util.spec_from_file_location(
    "import_petrarch2", os.path.join(ROOT, "scripts", "import_petrarch2.py"))
imp = importlib.util.module_from_spec(spec)
spec.loader.exec_module(imp)

CAMEO = """\
# a comment
&HOSTAGE
+HOSTAGE
+CAPTIVE

---  KILL   [190]  ---
KILL
SLAY {SLAYS SLAIN SLAYING}
+KILLED_AND {}
- * (IN SHOOTOUT)                                    [193:193]     # KILL

---  MARCH   [140]  ---
DEMONSTRATE [141]
MARCH

---  EXCLUDE   [170]  ---
BLOCK
- * ROAD                                             [144]         # BLOCK
- POLICE *                                           [173]         # BLOCK
- * &HOSTAGE                                         [181]         # BLOCK
- * (INTO)                                           [144]         # BLOCK
"""

AGENTS = """\
!PERSON! = MAN, MEN
SOLDIER [~MIL]
ARMED_FORCES [~MIL]
GUNMAN {} [~UAF]
POLICE!PERSON! [~COP]
HOSPITAL [~HLH]
NURSE [~HLH]
KILLER [~CRM]
# CHILD [~CVL]
"""

GROUPS = """\
NEW_PEOPLE'S_ARMY [PHLREB] # a comment

MORO_ISLAMIC_LIBERATION_FRONT_(MILF)_ [PHLREB] # a comment
+MILF_REBELS_
"""

CAMEO_MAP = """\
# key type sub_type flags scope why
140\t-\t-\t-\t-\tdissent
141\tProtests\tPeaceful protest\t-\t-\t
144\tProtests\tPeaceful protest\t-\tpatterns\t
170\t-\t-\t-\t-\t
181\tViolence against civilians\tAbduction/forced disappearance\t-\tpatterns\t
190\tViolence against civilians\tAttack\tgeneric,agentive\t-\t
193\tBattles\tArmed clash\t-\tpatterns\t
KILLED_AND\t-\t-\t-\t-\tparse artifact
MARCH\tProtests\tPeaceful protest\t-\ts,ing\tthe month
"""

AGENT_MAP = """\
~MIL\tMilitary Forces of {country}\t1\t
~COP\tPolice Forces of {country}\t1\t
~UAF\tUnidentified Armed Group ({country})\t3\t
~HLH\tCivilians ({country})\t7\t
~CRM\t-\t-\t
HOSPITAL\t-\t-\ta place
"""

GROUP_MAP = """\
NEW_PEOPLE'S_ARMY\tNPA: New People's Army\t2\t-\t
MORO_ISLAMIC_LIBERATION_FRONT_(MILF)_\tMILF: Moro Islamic Liberation Front\t2\tMILF_REBELS_\t
"""

CURATED_TRIGGERS = """\
killed\tViolence against civilians\tAttack\t2\tgeneric,agentive
gunman\tViolence against civilians\tAttack\t3\tgeneric
demonstrated\tProtests\tPeaceful protest\t6\t
march\tProtests\tPeaceful protest\t3\t
blocked the road\tProtests\tPeaceful protest\t3\t
shootout\tBattles\tArmed clash\t4\t
"""

CURATED_ACTORS = """\
Military Forces of {country}\t1\tsoldiers|army
Civilians ({country})\t7\tcivilians
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def rows(text):
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


class Forms(unittest.TestCase):
    def test_verb_forms_follow_petrarch(self):
        self.assertEqual(imp.verb_forms("KILL"), ["KILLS", "KILLED", "KILLING"])
        self.assertEqual(imp.verb_forms("DETONATE"), ["DETONATES", "DETONATED", "DETONATING"])
        self.assertEqual(imp.verb_forms("BURY"), ["BURIES", "BURIED", "BURYING"])
        self.assertEqual(imp.verb_forms("AMBUSH"), ["AMBUSHES", "AMBUSHED", "AMBUSHING"])

    def test_plurals_skip_plural_and_mass_nouns(self):
        self.assertEqual(imp.noun_plural("NURSE"), "NURSES")
        self.assertEqual(imp.noun_plural("POLICEMAN"), "POLICEMEN")
        self.assertEqual(imp.noun_plural("MILITIA"), "MILITIAS")
        self.assertEqual(imp.noun_plural("DEPUTY"), "DEPUTIES")
        self.assertIsNone(imp.noun_plural("ARMED_FORCES"))
        self.assertIsNone(imp.noun_plural("INFANTRY"))
        self.assertIsNone(imp.noun_plural("CHIEF_OF_THE_ARMY"))

    def test_group_names_and_acronyms(self):
        self.assertEqual(imp.group_aliases("MORO_ISLAMIC_LIBERATION_FRONT_(MILF)_"),
                         ["moro islamic liberation front", "MILF"])
        self.assertEqual(imp.group_aliases("NAXALITES_(GENERAL_NAME_FOR_LEFT-WING_EXTREMISTS)_"),
                         ["naxalites"])
        self.assertEqual(imp.group_aliases("FARC"), ["FARC"])


class Import(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        t = cls.tmp.name
        src = os.path.join(t, "petrarch2", "dictionaries")
        write(os.path.join(src, "CAMEO.2.0.txt"), CAMEO)
        write(os.path.join(src, "Phoenix.agents.txt"), AGENTS)
        write(os.path.join(src, "Phoenix.MilNonState.actors.txt"), GROUPS)
        write(os.path.join(t, "petrarch2", "LICENSE"), "The MIT License (MIT)\n")
        data = os.path.join(t, "data")
        write(os.path.join(data, "triggers.tsv"), CURATED_TRIGGERS)
        write(os.path.join(data, "actors.tsv"), CURATED_ACTORS)
        write(os.path.join(data, "nationalities.tsv"), "Philippines\tFilipino|Filipinos\n")
        write(os.path.join(data, "petrarch2", "cameo_acled.tsv"), CAMEO_MAP)
        write(os.path.join(data, "petrarch2", "agents_acled.tsv"), AGENT_MAP)
        write(os.path.join(data, "petrarch2", "groups_acled.tsv"), GROUP_MAP)
        cls.args = argparse.Namespace(source=src, data=data)
        files, cls.log, _ = imp.render(cls.args)
        cls.triggers = {r[0]: r[1:5] for r in rows(files["triggers.tsv"])}
        cls.actors = {r[0]: (r[1], r[2].split("|")) for r in rows(files["actors.tsv"])}
        cls.license = files["LICENSE"]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_a_verb_of_a_mapped_code_comes_in_every_form(self):
        for form in ("slay", "slays", "slain", "slaying"):
            self.assertEqual(self.triggers[form],
                             ["Violence against civilians", "Attack", "1", "generic,agentive"])

    def test_forms_of_a_curated_verb_are_read_as_the_curated_form(self):
        # "killed" is curated: "kill", "kills", "killing" come in as it is read, one weight
        # below the weakest curated Attack; "killed" itself is left to the curated list.
        self.assertEqual(self.triggers["killing"],
                         ["Violence against civilians", "Attack", "1", "generic,agentive"])
        self.assertNotIn("killed", self.triggers)
        # DEMONSTRATE has its own code (141) in a block of 140 (not imported).
        self.assertEqual(self.triggers["demonstrate"], ["Protests", "Peaceful protest", "2", ""])
        self.assertNotIn("demonstrated", self.triggers)

    def test_a_verb_row_limits_the_forms(self):
        self.assertIn("marches", self.triggers)
        self.assertIn("marching", self.triggers)
        self.assertNotIn("march", self.triggers)   # curated
        self.assertNotIn("marched", self.triggers)  # not in the row's forms

    def test_dropped_codes_and_verbs_bring_nothing(self):
        self.assertNotIn("block", self.triggers)  # 170
        self.assertNotIn("killed and", self.triggers)  # verb row "-"

    def test_a_pattern_after_the_verb_becomes_phrases(self):
        for phrase in ("blocking the road", "blocks a road", "block roads"):
            self.assertEqual(self.triggers[phrase], ["Protests", "Peaceful protest", "2", ""])
        self.assertNotIn("blocked the road", self.triggers)  # curated

    def test_patterns_that_need_a_parse_are_dropped(self):
        self.assertFalse([p for p in self.triggers if "police" in p or "hostage" in p])
        self.assertFalse([p for p in self.triggers if p.endswith(" into")])

    def test_a_phrase_containing_a_curated_trigger_is_left_out(self):
        self.assertFalse([p for p in self.triggers if "shootout" in p])
        self.assertIn("kill in shootout", self.log["shadows"])

    def test_agents_become_aliases_of_their_acled_actor(self):
        self.assertEqual(self.actors["Police Forces of {country}"], ("1", ["policeman", "policemen"]))
        self.assertEqual(self.actors["Civilians ({country})"], ("7", ["nurse", "nurses"]))
        # "soldiers" is curated; "armed forces" is plural already (no "armed forceses").
        self.assertEqual(self.actors["Military Forces of {country}"],
                         ("1", ["soldier", "armed forces"]))

    def test_agents_dropped_by_code_noun_or_curated_trigger(self):
        aliases = [a for _, al in self.actors.values() for a in al]
        self.assertNotIn("hospital", aliases)  # noun row "-"
        self.assertNotIn("killer", aliases)  # ~CRM "-"
        self.assertNotIn("gunman", aliases)  # a curated trigger
        self.assertNotIn("Unidentified Armed Group ({country})", self.actors)

    def test_named_groups_keep_their_names_and_acronyms(self):
        self.assertEqual(self.actors["NPA: New People's Army"], ("2", ["new people's army"]))
        self.assertEqual(self.actors["MILF: Moro Islamic Liberation Front"],
                         ("2", ["moro islamic liberation front", "MILF"]))

    def test_the_licence_is_copied(self):
        self.assertTrue(self.license.startswith("The MIT License"))


class Shipped(unittest.TestCase):
    """The committed data/petrarch2/ files are what the importer makes of ../shared."""

    def test_derived_files_are_up_to_date(self):
        source = os.path.join(ROOT, "..", "shared", "external", "petrarch2", "dictionaries")
        if not os.path.isdir(source):
            self.skipTest(f"{source} not found")
        args = argparse.Namespace(source=source, data=os.path.join(ROOT, "data"))
        files, _, out_dir = imp.render(args)
        for name, text in files.items():
            with open(os.path.join(out_dir, name), encoding="utf-8") as f:
                self.assertEqual(f.read(), text, f"data/petrarch2/{name} is out of date: "
                                 "run scripts/import_petrarch2.py")


if __name__ == "__main__":
    unittest.main()
