//! The owner's display preferences: the window's language and theme. The language starts from
//! the OS locale (the POSIX variables, in the order the C library reads them) and an explicit
//! choice is remembered; the theme follows the OS unless the owner picks light or dark.

use serde::{Deserialize, Serialize};

/// The languages famsync speaks: those Bitwarden's self-hosted Families help page exists in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Language {
    #[serde(rename = "en")]
    En,
    #[serde(rename = "ja")]
    Ja,
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "nl")]
    Nl,
    #[serde(rename = "fr")]
    Fr,
    #[serde(rename = "sv")]
    Sv,
}

impl Language {
    /// The language of a POSIX locale name such as `ja_JP.UTF-8`, `fr_CA`, `zh_CN.GB18030` or
    /// `sv`. Chinese counts only in its simplified script: `zh_TW` and `zh_HK` are not it.
    pub fn of_locale(locale: &str) -> Option<Language> {
        let name = locale.split(['.', '@']).next()?;
        let mut parts = name.split(['_', '-']);
        let lang = parts.next()?.to_ascii_lowercase();
        let region = parts.next().map(str::to_ascii_uppercase);
        match lang.as_str() {
            "en" => Some(Language::En),
            "ja" => Some(Language::Ja),
            "nl" => Some(Language::Nl),
            "fr" => Some(Language::Fr),
            "sv" => Some(Language::Sv),
            "zh" if matches!(region.as_deref(), None | Some("CN" | "SG" | "HANS")) => Some(Language::ZhCn),
            _ => None,
        }
    }
}

/// The OS locale's language, read from `LANGUAGE` (a colon-separated list of preferences),
/// then `LC_ALL`, `LC_MESSAGES` and `LANG`; English when none of them names one famsync speaks.
/// `get` reads a variable (std::env::var in the app, a table in tests).
pub fn system_language(get: impl Fn(&str) -> Option<String>) -> Language {
    let set = |name: &str| get(name).filter(|v| !v.is_empty());
    // glibc ignores LANGUAGE when the locale is C/POSIX, and so does famsync.
    let base = ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(set);
    let plain = base.as_deref().is_none_or(|b| b == "C" || b == "POSIX");
    let listed = set("LANGUAGE").filter(|_| !plain).unwrap_or_default();
    listed
        .split(':')
        .chain(base.as_deref())
        .find_map(Language::of_locale)
        .unwrap_or(Language::En)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    /// Light or dark as the OS says, changing when it does.
    #[default]
    System,
    Light,
    Dark,
}

/// What is remembered. `language` None: follow the OS locale.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Preferences {
    #[serde(default)]
    pub language: Option<Language>,
    #[serde(default)]
    pub theme: Theme,
}

/// What the window starts with: the remembered choices and the OS locale's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Display {
    pub preferences: Preferences,
    pub system_language: Language,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
    }

    #[test]
    fn locale_names_map_to_languages() {
        let cases = [
            ("ja_JP.UTF-8", Some(Language::Ja)),
            ("fr_CA", Some(Language::Fr)),
            ("nl_BE.UTF-8@euro", Some(Language::Nl)),
            ("sv", Some(Language::Sv)),
            ("zh_CN.GB18030", Some(Language::ZhCn)),
            ("zh-Hans", Some(Language::ZhCn)),
            ("zh", Some(Language::ZhCn)),
            ("zh_TW.UTF-8", None),
            ("de_DE.UTF-8", None),
            ("C.UTF-8", None),
            ("", None),
        ];
        for (locale, want) in cases {
            assert_eq!(Language::of_locale(locale), want, "{locale}");
        }
    }

    #[test]
    fn the_os_locale_is_read_in_the_c_librarys_order() {
        let pick = |vars: &[(&str, &str)]| system_language(env(vars));
        assert_eq!(pick(&[]), Language::En);
        assert_eq!(pick(&[("LANG", "fr_FR.UTF-8")]), Language::Fr);
        assert_eq!(
            pick(&[("LANG", "fr_FR.UTF-8"), ("LC_MESSAGES", "sv_SE")]),
            Language::Sv
        );
        assert_eq!(
            pick(&[("LC_ALL", "ja_JP.UTF-8"), ("LC_MESSAGES", "sv_SE")]),
            Language::Ja
        );
        // LANGUAGE lists preferences: the first famsync speaks wins.
        assert_eq!(
            pick(&[("LANGUAGE", "de:nl:fr"), ("LANG", "de_DE.UTF-8")]),
            Language::Nl
        );
        // Nothing listed that famsync speaks: the locale itself, then English.
        assert_eq!(
            pick(&[("LANGUAGE", "de"), ("LANG", "zh_CN.UTF-8")]),
            Language::ZhCn
        );
        assert_eq!(pick(&[("LANG", "de_DE.UTF-8")]), Language::En);
        // LANGUAGE is ignored under the C locale, as glibc does.
        assert_eq!(pick(&[("LANGUAGE", "ja"), ("LANG", "C")]), Language::En);
        assert_eq!(pick(&[("LANGUAGE", "ja"), ("LANG", "")]), Language::En);
    }

    #[test]
    fn preferences_read_back_and_tolerate_older_files() {
        let p = Preferences {
            language: Some(Language::ZhCn),
            theme: Theme::Dark,
        };
        let text = serde_json::to_string(&p).unwrap();
        assert_eq!(text, r#"{"language":"zh-CN","theme":"dark"}"#);
        assert_eq!(serde_json::from_str::<Preferences>(&text).unwrap(), p);
        assert_eq!(
            serde_json::from_str::<Preferences>("{}").unwrap(),
            Preferences::default()
        );
    }
}
