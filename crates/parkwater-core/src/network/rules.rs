//! Which arcs may exist: the physics of the model (no fresh water straight
//! to an outfall, no unit feeding itself), the sinks' accepted supply kinds,
//! and the scenario's `[[forbid]]` rules.
//!
//! Forbid rules are compiled once, in time linear in nodes + rules (plus
//! what the patterns match), never arcs x rules:
//!
//! - a rule naming one supply and one demand (no wildcard) is an exact pair;
//! - a rule whose side is `*` forbids every arc at the other side's nodes;
//! - any other rule is matched per node: an exact id or a `prefix*` by a
//!   binary search in the sorted ids, anything else by
//!   wildmatch over the ids. Each node keeps the sorted list of rules whose
//!   side it satisfies; nodes with the same list share a signature, and an
//!   arc is forbidden when its two signatures' lists intersect (a table
//!   over signature pairs, which stays small: parks have few distinct
//!   patterns per node).
//!
//! The result is one bit per candidate arc (demand-major, 1/64 of the
//! memory of the arc list itself), so [`ArcRules::allows`] costs O(1)
//! whatever the number of rules. Without forbid rules nothing is allocated.

use crate::model::{AcceptSet, DemandId, DemandRef, Model, SupplyId, SupplyKind, SupplyRef};
use rayon::prelude::*;
use std::collections::HashMap;
use wildmatch::WildMatch;

/// The compiled arc rules of a model; [`ArcRules::allows`] is O(1).
#[derive(Debug, Clone)]
pub struct ArcRules {
    supply_kind: Vec<SupplyKind>,
    supply_treatment: Vec<Option<u32>>,
    demand: Vec<DemandClass>,
    forbid: Option<Forbidden>,
    /// Per-supply limits and stream classes (`quality.rs`).
    quality: super::quality::QualityRules,
}

#[derive(Debug, Clone, Copy)]
enum DemandClass {
    Sink(AcceptSet),
    Treatment(u32),
    Discharge,
}

impl ArcRules {
    /// Compiles the rules of a model.
    pub fn new(model: &Model) -> ArcRules {
        let supplies = (0..model.num_supplies() as u32).map(SupplyId);
        let (supply_kind, supply_treatment) = supplies
            .map(|u| match model.supply(u) {
                SupplyRef::Intake(i) => (SupplyKind::Intake(model.intakes[i].kind), None),
                SupplyRef::Source(_) => (SupplyKind::Source, None),
                SupplyRef::Treatment(t) => (SupplyKind::Treatment, Some(t as u32)),
            })
            .unzip();
        let demand = (0..model.num_demands() as u32)
            .map(|v| match model.demand(DemandId(v)) {
                DemandRef::Sink(k) => DemandClass::Sink(model.sinks[k].accepts),
                DemandRef::Treatment(t) => DemandClass::Treatment(t as u32),
                DemandRef::Discharge(_) => DemandClass::Discharge,
            })
            .collect();
        let forbid = (!model.forbid.is_empty()).then(|| {
            let supplies: Vec<&str> = (0..model.num_supplies() as u32)
                .map(|u| model.supply_name(SupplyId(u)))
                .collect();
            let demands: Vec<&str> = (0..model.num_demands() as u32)
                .map(|v| model.demand_name(DemandId(v)))
                .collect();
            let rules: Vec<(&str, &str)> = model
                .forbid
                .iter()
                .map(|r| (r.from.as_str(), r.to.as_str()))
                .collect();
            Forbidden::compile(&supplies, &demands, &rules)
        });
        ArcRules {
            supply_kind,
            supply_treatment,
            demand,
            forbid,
            quality: super::quality::QualityRules::new(model),
        }
    }

    /// The rules without per-supply limits and classes (to count what those remove).
    pub(crate) fn without_quality(model: &Model) -> ArcRules {
        let mut rules = ArcRules::new(model);
        rules.quality = Default::default();
        rules
    }

    /// Whether the arc u -> v may carry water.
    #[inline]
    pub fn allows(&self, u: SupplyId, v: DemandId) -> bool {
        let (ui, vi) = (u.0 as usize, v.0 as usize);
        let kind = self.supply_kind[ui];
        let physical = match self.demand[vi] {
            DemandClass::Sink(accepts) => accepts.contains(kind),
            DemandClass::Treatment(t) => self.supply_treatment[ui] != Some(t),
            DemandClass::Discharge => !matches!(kind, SupplyKind::Intake(_)),
        };
        physical && self.quality.allows(u, v) && self.forbid.as_ref().is_none_or(|f| !f.bit(ui, vi))
    }

    /// The forbid rule (first by index) that removes u -> v, if any.
    pub fn forbidding_rule(&self, u: SupplyId, v: DemandId) -> Option<usize> {
        self.forbid
            .as_ref()
            .and_then(|f| f.first_rule(u.0 as usize, v.0 as usize))
    }
}

/// Node ids of one side, sorted once for exact and prefix lookups (binary
/// searches: no hashing per rule, duplicates handled).
#[derive(Debug)]
pub(crate) struct NameIndex<'a> {
    ids: &'a [&'a str],
    /// Node indices sorted by id.
    sorted: Vec<u32>,
}

impl<'a> NameIndex<'a> {
    pub(crate) fn new(ids: &'a [&'a str]) -> Self {
        let mut sorted: Vec<u32> = (0..ids.len() as u32).collect();
        sorted.sort_unstable_by(|&a, &b| ids[a as usize].cmp(ids[b as usize]));
        NameIndex { ids, sorted }
    }

    /// The nodes whose id starts with `prefix`.
    fn prefixed(&self, prefix: &str) -> &[u32] {
        let lo = self
            .sorted
            .partition_point(|&i| self.ids[i as usize] < prefix);
        let hi =
            lo + self.sorted[lo..].partition_point(|&i| self.ids[i as usize].starts_with(prefix));
        &self.sorted[lo..hi]
    }

    /// The nodes whose id is `id`.
    fn equal(&self, id: &str) -> &[u32] {
        let lo = self.sorted.partition_point(|&i| self.ids[i as usize] < id);
        let hi = lo + self.sorted[lo..].partition_point(|&i| self.ids[i as usize] == id);
        &self.sorted[lo..hi]
    }
}

/// One side of a forbid rule, compiled.
#[derive(Debug)]
pub(crate) enum Pattern<'p> {
    /// `*`: every node.
    All,
    /// No wildcard.
    Exact(&'p str),
    /// `text*` with no other wildcard.
    Prefix(&'p str),
    /// Anything else (`*` and `?` anywhere).
    General(WildMatch),
}

impl<'p> Pattern<'p> {
    pub(crate) fn new(text: &'p str) -> Self {
        let wild = |c: char| c == '*' || c == '?';
        if text.chars().all(|c| c == '*') && !text.is_empty() {
            return Pattern::All;
        }
        match text.find(wild) {
            None => Pattern::Exact(text),
            Some(i) if i + 1 == text.len() && text.ends_with('*') => Pattern::Prefix(&text[..i]),
            Some(_) => Pattern::General(WildMatch::new(text)),
        }
    }

    /// Calls `f` with every node (index) the pattern matches, each once.
    pub(crate) fn for_each_match(&self, names: &NameIndex, mut f: impl FnMut(u32)) {
        match self {
            Pattern::All => (0..names.ids.len() as u32).for_each(f),
            Pattern::Exact(id) => names.equal(id).iter().copied().for_each(f),
            Pattern::Prefix(p) => names.prefixed(p).iter().copied().for_each(f),
            Pattern::General(m) => {
                for (i, id) in names.ids.iter().enumerate() {
                    if m.matches(id) {
                        f(i as u32);
                    }
                }
            }
        }
    }

    /// Whether the pattern matches at least one node.
    pub(crate) fn matches_any(&self, names: &NameIndex) -> bool {
        match self {
            Pattern::All => !names.ids.is_empty(),
            Pattern::Exact(id) => !names.equal(id).is_empty(),
            Pattern::Prefix(p) => !names.prefixed(p).is_empty(),
            Pattern::General(m) => names.ids.iter().any(|id| m.matches(id)),
        }
    }
}

/// The forbidden arcs: one bit per (demand, supply), and what is needed to
/// name the rule behind a bit.
#[derive(Debug, Clone)]
struct Forbidden {
    /// Words per demand row.
    words: usize,
    bits: Vec<u64>,
    /// First rule forbidding every arc out of a supply / into a demand.
    supply_all: Vec<u32>,
    demand_all: Vec<u32>,
    /// First exact rule per forbidden pair.
    exact: HashMap<(u32, u32), u32>,
    /// Sorted pattern rules each node satisfies on its side.
    supply_rules: Vec<Vec<u32>>,
    demand_rules: Vec<Vec<u32>>,
}

const NONE: u32 = u32::MAX;

impl Forbidden {
    /// Compiles `rules` (from, to patterns) over the ids of each side.
    fn compile(supplies: &[&str], demands: &[&str], rules: &[(&str, &str)]) -> Forbidden {
        let (ns, nd) = (supplies.len(), demands.len());
        let (si, di) = (NameIndex::new(supplies), NameIndex::new(demands));
        let mut supply_all = vec![NONE; ns];
        let mut demand_all = vec![NONE; nd];
        let mut exact: HashMap<(u32, u32), u32> = HashMap::new();
        let mut supply_rules: Vec<Vec<u32>> = vec![Vec::new(); ns];
        let mut demand_rules: Vec<Vec<u32>> = vec![Vec::new(); nd];
        // Matches of wildcard patterns, by pattern text: parks repeat them.
        let (mut memo_s, mut memo_d) = (HashMap::new(), HashMap::new());
        for (r, &(from, to)) in rules.iter().enumerate() {
            let r = r as u32;
            let (pf, pt) = (Pattern::new(from), Pattern::new(to));
            match (&pf, &pt) {
                (Pattern::All, _) => each(&pt, to, &di, &mut memo_d, |v| {
                    keep_first(&mut demand_all[v as usize], r)
                }),
                (_, Pattern::All) => each(&pf, from, &si, &mut memo_s, |u| {
                    keep_first(&mut supply_all[u as usize], r)
                }),
                (Pattern::Exact(_), Pattern::Exact(_)) => pf.for_each_match(&si, |u| {
                    pt.for_each_match(&di, |v| {
                        exact.entry((u, v)).or_insert(r);
                    })
                }),
                _ => {
                    each(&pf, from, &si, &mut memo_s, |u| {
                        supply_rules[u as usize].push(r)
                    });
                    each(&pt, to, &di, &mut memo_d, |v| {
                        demand_rules[v as usize].push(r)
                    });
                }
            }
        }
        // Rules were visited in order, so each list is sorted already.
        let (sig_s, lists_s) = signatures(&supply_rules);
        let (sig_d, lists_d) = signatures(&demand_rules);
        // table[a * nb + b]: signature lists a (supply) and b (demand) meet.
        let nb = lists_d.len();
        let table: Vec<bool> = lists_s
            .par_iter()
            .flat_map_iter(|a| lists_d.iter().map(move |b| meet(a, b).is_some()))
            .collect();
        let patterned: Vec<u32> = (0..ns as u32)
            .filter(|&u| sig_s[u as usize] != NONE)
            .collect();
        let words = ns.div_ceil(64);
        // Supplies all of whose arcs are forbidden: the same bits in every row.
        let mut every_row = vec![0u64; words];
        for (u, &first) in supply_all.iter().enumerate() {
            if first != NONE {
                every_row[u / 64] |= 1 << (u % 64);
            }
        }
        let mut bits = vec![0u64; words * nd];
        if words > 0 {
            bits.par_chunks_mut(words).enumerate().for_each(|(v, row)| {
                if demand_all[v] != NONE {
                    row.iter_mut().for_each(|w| *w = !0);
                    return;
                }
                row.copy_from_slice(&every_row);
                let b = sig_d[v];
                if b != NONE {
                    for &u in &patterned {
                        if table[sig_s[u as usize] as usize * nb + b as usize] {
                            row[u as usize / 64] |= 1 << (u % 64);
                        }
                    }
                }
            });
        }
        for &(u, v) in exact.keys() {
            bits[v as usize * words + u as usize / 64] |= 1 << (u % 64);
        }
        Forbidden {
            words,
            bits,
            supply_all,
            demand_all,
            exact,
            supply_rules,
            demand_rules,
        }
    }

    #[inline]
    fn bit(&self, u: usize, v: usize) -> bool {
        self.bits[v * self.words + u / 64] >> (u % 64) & 1 != 0
    }

    fn first_rule(&self, u: usize, v: usize) -> Option<usize> {
        if !self.bit(u, v) {
            return None;
        }
        [
            self.supply_all[u],
            self.demand_all[v],
            self.exact
                .get(&(u as u32, v as u32))
                .copied()
                .unwrap_or(NONE),
            meet(&self.supply_rules[u], &self.demand_rules[v]).unwrap_or(NONE),
        ]
        .into_iter()
        .min()
        .filter(|&r| r != NONE)
        .map(|r| r as usize)
    }
}

/// `pattern.for_each_match`, remembering the matches of wildcard patterns
/// (`text` is the pattern's text) so a repeated one is matched once.
fn each<'r>(
    pattern: &Pattern,
    text: &'r str,
    names: &NameIndex,
    memo: &mut HashMap<&'r str, Vec<u32>>,
    f: impl FnMut(u32),
) {
    if let Pattern::General(_) = pattern {
        let found = memo.entry(text).or_insert_with(|| {
            let mut found = Vec::new();
            pattern.for_each_match(names, |i| found.push(i));
            found
        });
        found.iter().copied().for_each(f);
    } else {
        pattern.for_each_match(names, f);
    }
}

fn keep_first(slot: &mut u32, rule: u32) {
    *slot = (*slot).min(rule);
}

/// Groups nodes by their rule list: each node's signature (NONE for an
/// empty list) and the distinct non-empty lists.
fn signatures(rules: &[Vec<u32>]) -> (Vec<u32>, Vec<&[u32]>) {
    let mut ids: HashMap<&[u32], u32> = HashMap::new();
    let mut lists = Vec::new();
    let sig = rules
        .iter()
        .map(|list| {
            if list.is_empty() {
                return NONE;
            }
            *ids.entry(list.as_slice()).or_insert_with(|| {
                lists.push(list.as_slice());
                lists.len() as u32 - 1
            })
        })
        .collect();
    (sig, lists)
}

/// The first element common to two sorted lists.
fn meet(a: &[u32], b: &[u32]) -> Option<u32> {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return Some(a[i]),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition: every rule tested against every arc with wildmatch.
    fn naive(s: &[&str], d: &[&str], rules: &[(&str, &str)], u: usize, v: usize) -> Option<usize> {
        rules
            .iter()
            .position(|(f, t)| WildMatch::new(f).matches(s[u]) && WildMatch::new(t).matches(d[v]))
    }

    #[test]
    fn patterns_classify() {
        assert!(matches!(Pattern::new("*"), Pattern::All));
        assert!(matches!(Pattern::new("**"), Pattern::All));
        assert!(matches!(Pattern::new("E1.S1"), Pattern::Exact("E1.S1")));
        assert!(matches!(Pattern::new("E1.*"), Pattern::Prefix("E1.")));
        assert!(matches!(Pattern::new("E1.?"), Pattern::General(_)));
        assert!(matches!(Pattern::new("*.S1"), Pattern::General(_)));
        assert!(matches!(Pattern::new("E*1*"), Pattern::General(_)));
    }

    #[test]
    fn every_kind_of_rule_matches_like_wildmatch() {
        let s = ["E1.S1", "E1.S2", "E2.S1", "E10.S1", "FW", "RO"];
        let d = ["E1.D1", "E2.D1", "E2.D2", "E10.D1", "RO", "WW", "SEA"];
        let rules = [
            ("E1.*", "E2.*"),
            ("E2.S1", "E1.D1"),
            ("*", "SEA"),
            ("RO", "*"),
            ("E1*", "E10.D1"),
            ("E?.S1", "E2.D2"),
            ("*.S2", "W?"),
            ("nothing", "E1.D1"),
            ("E2.S1", "E1.D1"),
            ("E1.S1", "E10.*"),
        ];
        let f = Forbidden::compile(&s, &d, &rules);
        for u in 0..s.len() {
            for v in 0..d.len() {
                let want = naive(&s, &d, &rules, u, v);
                assert_eq!(f.bit(u, v), want.is_some(), "{} -> {}", s[u], d[v]);
                assert_eq!(f.first_rule(u, v), want, "{} -> {}", s[u], d[v]);
            }
        }
    }

    #[test]
    fn prefix_lookup_is_a_range() {
        let ids = ["b", "a1", "a", "ab", "c", "a2"];
        let index = NameIndex::new(&ids);
        let mut got: Vec<&str> = index
            .prefixed("a")
            .iter()
            .map(|&i| ids[i as usize])
            .collect();
        got.sort();
        assert_eq!(got, ["a", "a1", "a2", "ab"]);
        assert!(index.prefixed("d").is_empty());
        assert_eq!(index.prefixed("").len(), ids.len());
        assert!(Pattern::new("a?").matches_any(&index));
        assert!(!Pattern::new("x*").matches_any(&index));
    }
}
