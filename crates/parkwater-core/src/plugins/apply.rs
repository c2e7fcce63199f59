//! Applying a scenario's plugins before validation: every transform in the
//! order the scenario names the plugins (each sees the previous one's
//! output), then every plugin's rules, then every plugin's constraints, all
//! written into the scenario as ordinary `[[forbid]]` and `[[constraint]]`
//! tables. What a plugin can say, a user could have written by hand; the
//! result is validated like any scenario.

use super::error::{PluginError, PluginErrorKind};
use super::host::PluginHost;
use super::provider::HookProvider;
use crate::scenario::{self as file, Scenario};
use crate::validate::{Problem, ValidationError};
use parkwater_plugin::abi::ABI_VERSION;
use parkwater_plugin::types::{Constraints, HookInput, HostInfo, TransformOutput};
use parkwater_plugin::{Hook, Rules};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::sync::Arc;
use wildmatch::WildMatch;

/// A scenario with its plugins applied.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The scenario after every hook, naming no plugins any more (they are
    /// applied): validate it as any other.
    pub scenario: Scenario,
    /// The plugins, in the scenario's order, with their configuration.
    pub plugins: Vec<AppliedPlugin>,
}

/// One plugin of an [`Applied`] scenario.
#[derive(Debug, Clone)]
pub struct AppliedPlugin {
    /// The plugin: a loaded library or a registered provider.
    pub(crate) plugin: Arc<dyn HookProvider>,
    /// Its `[plugin.<name>]` table (null when absent).
    pub(crate) config: Value,
}

/// Why plugins could not be applied.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// The scenario's plugin entries are wrong (`plugin.not_loaded`,
    /// `plugin.duplicate`, `plugin.unused_config`).
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// A plugin could not be found, loaded or run.
    #[error(transparent)]
    Plugin(#[from] PluginError),
}

/// The `plugin.not_loaded` problems of a scenario that names plugins, when no
/// plugin host is at hand (`None` when it names none). Call it before
/// validating a scenario that was not [`apply`]-ed: validation itself does not
/// look at plugins, so without this check their rules would be silently lost.
pub(crate) fn not_loaded(scenario: &Scenario) -> Option<ValidationError> {
    let problems: Vec<Problem> = scenario
        .plugins
        .iter()
        .enumerate()
        .map(|(i, name)| Problem {
            path: format!("plugins[{i}]"),
            code: "plugin.not_loaded",
            message: format!(
                "the scenario needs plugin '{name}', but no plugin host is loaded \
                 (give --plugin-dir DIR or set PARKWATER_PLUGIN_PATH)"
            ),
        })
        .collect();
    (!problems.is_empty()).then_some(ValidationError {
        origin: None,
        problems,
    })
}

fn entry_problems(scenario: &Scenario) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (i, name) in scenario.plugins.iter().enumerate() {
        if scenario.plugins[..i].contains(name) {
            problems.push(Problem {
                path: format!("plugins[{i}]"),
                code: "plugin.duplicate",
                message: format!("plugin '{name}' is named twice"),
            });
        }
    }
    for name in scenario.plugin.keys() {
        if !scenario.plugins.contains(name) {
            problems.push(Problem {
                path: format!("plugin.{name}"),
                code: "plugin.unused_config",
                message: format!(
                    "[plugin.{name}] configures a plugin the scenario does not name in `plugins`"
                ),
            });
        }
    }
    problems.sort();
    problems
}

/// Applies the scenario's plugins. With `host` None, a scenario naming
/// plugins fails with `plugin.not_loaded`; one naming none passes unchanged.
pub fn apply(host: Option<&PluginHost>, scenario: &Scenario) -> Result<Applied, ApplyError> {
    let problems = entry_problems(scenario);
    if !problems.is_empty() {
        return Err(ValidationError {
            origin: None,
            problems,
        }
        .into());
    }
    let host = match host {
        Some(h) => h,
        None => match not_loaded(scenario) {
            Some(e) => return Err(e.into()),
            None => {
                return Ok(Applied {
                    scenario: scenario.clone(),
                    plugins: Vec::new(),
                })
            }
        },
    };
    let plugins = scenario
        .plugins
        .iter()
        .map(|name| {
            Ok(AppliedPlugin {
                plugin: host.load(name)?,
                config: scenario.plugin.get(name).cloned().unwrap_or(Value::Null),
            })
        })
        .collect::<Result<Vec<_>, PluginError>>()?;

    let mut s = scenario.clone();
    for p in &plugins {
        if p.plugin.has(Hook::Transform) {
            let out: TransformOutput = p.call(Hook::Transform, &s, None)?;
            if let Some(value) = out.scenario {
                let mut next: Scenario = serde_json::from_value(value).map_err(|e| {
                    p.error(
                        Hook::Transform,
                        PluginErrorKind::MalformedJson(format!(
                            "the transformed scenario does not follow the file schema: {e}"
                        )),
                    )
                })?;
                // A transform cannot change which plugins run, nor their configuration.
                next.plugins = s.plugins.clone();
                next.plugin = s.plugin.clone();
                s = next;
            }
        }
    }
    for p in &plugins {
        if p.plugin.has(Hook::Rules) {
            let rules: Rules = p.call(Hook::Rules, &s, None)?;
            add_rules(&mut s, p, rules)?;
        }
    }
    for p in &plugins {
        if p.plugin.has(Hook::Constraints) {
            let out: Constraints = p.call(Hook::Constraints, &s, None)?;
            let name = &p.plugin.manifest().name;
            s.constraints.extend(out.constraints.into_iter().map(|c| {
                let mut c = file::constraint_of(c);
                if !c.label.starts_with(&format!("{name}:")) {
                    c.label = format!("{name}: {}", c.label);
                }
                c
            }));
        }
    }
    s.plugins.clear();
    s.plugin.clear();
    Ok(Applied {
        scenario: s,
        plugins,
    })
}

/// Every demand id of a scenario (operations' `<id>.in` sinks included).
fn demand_ids(s: &Scenario) -> Vec<String> {
    s.sinks
        .iter()
        .map(|x| x.id.clone())
        .chain(s.operations.iter().map(|o| format!("{}.in", o.id)))
        .chain(s.treatments.iter().map(|x| x.id.clone()))
        .chain(s.discharges.iter().map(|x| x.id.clone()))
        .collect()
}

/// Forbid rules as they are; each dedication as forbid rules from its
/// supplies to every other demand of the scenario.
fn add_rules(s: &mut Scenario, p: &AppliedPlugin, rules: Rules) -> Result<(), PluginError> {
    let name = &p.plugin.manifest().name;
    let reason = |r: Option<String>| {
        Some(
            format!("[plugin {name}] {}", r.unwrap_or_default())
                .trim_end()
                .to_string(),
        )
    };
    s.forbid
        .extend(rules.forbid.into_iter().map(|f| file::Forbid {
            reason: reason(f.reason),
            ..f
        }));
    let demands = demand_ids(s);
    for d in rules.dedicate {
        if d.to.is_empty() {
            return Err(p.error(
                Hook::Rules,
                PluginErrorKind::MalformedJson(format!(
                    "dedicate from '{}' names no demand",
                    d.from
                )),
            ));
        }
        let allowed: Vec<WildMatch> = d.to.iter().map(|t| WildMatch::new(t)).collect();
        if let Some((unknown, _)) =
            d.to.iter()
                .zip(&allowed)
                .find(|(_, m)| !demands.iter().any(|id| m.matches(id)))
        {
            return Err(p.error(
                Hook::Rules,
                PluginErrorKind::MalformedJson(format!(
                    "dedicate from '{}': '{unknown}' matches no demand of the scenario",
                    d.from
                )),
            ));
        }
        let why = reason(Some(format!(
            "{} may only go to {}{}",
            d.from,
            d.to.join(", "),
            d.reason.map(|r| format!(": {r}")).unwrap_or_default()
        )));
        for other in demands
            .iter()
            .filter(|id| !allowed.iter().any(|m| m.matches(id)))
        {
            s.forbid.push(file::Forbid {
                from: d.from.clone(),
                to: other.clone(),
                reason: why.clone(),
            });
        }
    }
    Ok(())
}

impl AppliedPlugin {
    pub(super) fn error(&self, hook: Hook, kind: PluginErrorKind) -> PluginError {
        PluginError::new(&self.plugin.manifest().name, hook.name(), kind)
    }

    /// Calls a hook on a scenario (and a report) and decodes its answer.
    pub(super) fn call<T: DeserializeOwned>(
        &self,
        hook: Hook,
        scenario: &Scenario,
        report: Option<Value>,
    ) -> Result<T, PluginError> {
        let input = HookInput {
            host: host_info(),
            scenario: serde_json::to_value(scenario).map_err(|e| {
                self.error(
                    hook,
                    PluginErrorKind::MalformedJson(format!("cannot encode the scenario: {e}")),
                )
            })?,
            config: self.config.clone(),
            report,
        };
        let bytes = serde_json::to_vec(&input).map_err(|e| {
            self.error(
                hook,
                PluginErrorKind::MalformedJson(format!("cannot encode the input: {e}")),
            )
        })?;
        let answer = self
            .plugin
            .call(hook, &bytes)
            .map_err(|kind| self.error(hook, kind))?;
        serde_json::from_slice(&answer)
            .map_err(|e| self.error(hook, PluginErrorKind::MalformedJson(e.to_string())))
    }
}

fn host_info() -> HostInfo {
    HostInfo {
        engine: format!("parkwater {}", env!("CARGO_PKG_VERSION")),
        abi: ABI_VERSION.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_host_named_plugins_are_not_loaded() {
        let mut s =
            Scenario::from_toml("contaminants = []\nplugins = [\"cooling-tower\"]\n").unwrap();
        let Err(ApplyError::Invalid(e)) = apply(None, &s) else {
            panic!("a scenario naming plugins needs a host")
        };
        assert_eq!(e.codes(), ["plugin.not_loaded"]);
        assert_eq!(e.problems[0].path, "plugins[0]");
        s.plugins.clear();
        assert!(apply(None, &s).unwrap().plugins.is_empty());
        assert!(not_loaded(&s).is_none());
    }

    #[test]
    fn plugin_entries_are_checked() {
        let s =
            Scenario::from_toml("contaminants = []\nplugins = [\"a\", \"a\"]\n[plugin.b]\nx = 1\n")
                .unwrap();
        let Err(ApplyError::Invalid(e)) = apply(None, &s) else {
            panic!("bad entries")
        };
        assert_eq!(e.codes(), ["plugin.unused_config", "plugin.duplicate"]);
    }

    /// An in-process plugin: forbids S1 -> D1, or answers with `answer`.
    #[derive(Debug)]
    struct InProcess {
        manifest: parkwater_plugin::Manifest,
        answer: Option<&'static str>,
    }

    impl InProcess {
        fn new(name: &str, answer: Option<&'static str>) -> Arc<InProcess> {
            Arc::new(InProcess {
                manifest: parkwater_plugin::Manifest {
                    name: name.to_string(),
                    version: "0.1.0".to_string(),
                    industries: Vec::new(),
                    hooks: vec![Hook::Rules],
                    description: String::new(),
                },
                answer,
            })
        }
    }

    impl HookProvider for InProcess {
        fn manifest(&self) -> &parkwater_plugin::Manifest {
            &self.manifest
        }

        fn call(&self, hook: Hook, input: &[u8]) -> Result<Vec<u8>, PluginErrorKind> {
            assert_eq!(hook, Hook::Rules);
            let input: HookInput = serde_json::from_slice(input).unwrap();
            assert_eq!(input.config, serde_json::json!({"why": "odour"}));
            let answer = self
                .answer
                .unwrap_or(r#"{"forbid": [{"from": "S1", "to": "D1", "reason": "odour"}]}"#);
            Ok(answer.as_bytes().to_vec())
        }
    }

    const PARK: &str =
        "contaminants = []\nplugins = [\"smell\"]\n[plugin.smell]\nwhy = \"odour\"\n";

    #[test]
    fn registered_providers_answer_like_libraries() {
        let host = PluginHost::new(Vec::new());
        host.register(InProcess::new("smell", None));
        let s = Scenario::from_toml(PARK).unwrap();
        let applied = apply(Some(&host), &s).unwrap();
        assert_eq!(applied.scenario.forbid.len(), 1);
        let rule = &applied.scenario.forbid[0];
        assert_eq!((rule.from.as_str(), rule.to.as_str()), ("S1", "D1"));
        assert_eq!(rule.reason.as_deref(), Some("[plugin smell] odour"));
        assert!(applied.scenario.plugins.is_empty());
    }

    #[test]
    fn a_registered_provider_gets_the_same_checks() {
        let host = PluginHost::new(Vec::new());
        host.register(InProcess::new("smell", Some(r#"{"forbid": 3}"#)));
        let s = Scenario::from_toml(PARK).unwrap();
        let Err(ApplyError::Plugin(e)) = apply(Some(&host), &s) else {
            panic!("a malformed answer is a plugin error")
        };
        assert_eq!(
            (e.plugin.as_str(), e.hook, e.code()),
            ("smell", "rules", "plugin.malformed_json")
        );
    }

    #[test]
    fn dedicate_targets_may_be_patterns() {
        #[derive(Debug)]
        struct Dedicates(parkwater_plugin::Manifest, &'static str);
        impl HookProvider for Dedicates {
            fn manifest(&self) -> &parkwater_plugin::Manifest {
                &self.0
            }
            fn call(&self, _: Hook, _: &[u8]) -> Result<Vec<u8>, PluginErrorKind> {
                Ok(self.1.as_bytes().to_vec())
            }
        }
        let text = "contaminants = [\"C\"]\nplugins = [\"seg\"]\n\
            [[source]]\nid = \"CR\"\nflow = 1\nconc = { C = 1 }\n\
            [[sink]]\nid = \"D\"\nflow = 1\nmax_conc = { C = 1 }\n\
            [[treatment]]\nid = \"CRT-1\"\noutlet_conc = { C = 0 }\n\
            [[treatment]]\nid = \"CRT-2\"\noutlet_conc = { C = 0 }\n\
            [[discharge]]\nid = \"WW\"\n";
        let s = Scenario::from_toml(text).unwrap();
        let manifest = || parkwater_plugin::Manifest {
            name: "seg".into(),
            version: "0".into(),
            industries: Vec::new(),
            hooks: vec![Hook::Rules],
            description: String::new(),
        };
        let host = PluginHost::new(Vec::new());
        let rules = r#"{"dedicate": [{"from": "CR", "to": ["CRT-*"]}]}"#;
        host.register(Arc::new(Dedicates(manifest(), rules)));
        let applied = apply(Some(&host), &s).unwrap();
        let mut forbidden: Vec<&str> = applied
            .scenario
            .forbid
            .iter()
            .map(|f| f.to.as_str())
            .collect();
        forbidden.sort();
        assert_eq!(forbidden, ["D", "WW"]);
        // A pattern that matches no demand is the plugin's error.
        let host = PluginHost::new(Vec::new());
        let rules = r#"{"dedicate": [{"from": "CR", "to": ["NI*"]}]}"#;
        host.register(Arc::new(Dedicates(manifest(), rules)));
        let Err(ApplyError::Plugin(e)) = apply(Some(&host), &s) else {
            panic!("no demand matches")
        };
        assert!(e.to_string().contains("'NI*' matches no demand"), "{e}");
    }
}
