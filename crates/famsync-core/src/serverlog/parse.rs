//! The entries of a server log, in both formats Bitwarden has written:
//! - up to 2025.11, Serilog.Sinks.RollingFile 3.3.0's default template
//!   `{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level}] {Message}{NewLine}{Exception}`
//!   (its RollingFileLoggerConfigurationExtensions.cs; bitwarden/server v2025.11.1
//!   src/Core/Utilities/LoggerFactoryExtensions.cs calls `WriteTo.RollingFile(pathFormat)`);
//! - since 2025.12, Serilog.Extensions.Logging.File 3.0.0's default template
//!   `{Timestamp:o} {RequestId,13} [{Level:u3}] {Message} ({EventId:x8}){NewLine}{Exception}`
//!   (its FileLoggingConfiguration.cs; bitwarden/server v2025.12.0 calls `logging.AddFile`).
//!
//! Both render string values in quotes and put an exception on the lines after the entry.

/// An entry's level, from either the full name (old) or the three letters (new).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Verbose,
    Debug,
    Information,
    Warning,
    Error,
    Fatal,
}

impl Level {
    fn parse(s: &str) -> Option<Level> {
        Some(match s {
            "Verbose" | "VRB" => Level::Verbose,
            "Debug" | "DBG" => Level::Debug,
            "Information" | "INF" => Level::Information,
            "Warning" | "WRN" => Level::Warning,
            "Error" | "ERR" => Level::Error,
            "Fatal" | "FTL" => Level::Fatal,
            _ => return None,
        })
    }
}

/// One log entry: its first line split up, and the first line after it (an exception's type
/// and message), if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'a> {
    pub time: &'a str,
    pub level: Level,
    pub message: &'a str,
    pub line: &'a str,
    pub detail: Option<&'a str>,
}

/// The first line of an entry, split; None for a line that does not start one (an
/// exception's continuation, or the cut-off start of a tail).
pub fn head(line: &str) -> Option<Entry<'_>> {
    let b = line.as_bytes();
    let digits = |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    let shape = digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10)
        && digits(11..13)
        && b.get(13) == Some(&b':');
    if !shape {
        return None;
    }
    let (time, rest, new) = match b[10] {
        // `{Timestamp:o}` has no space; the request id, when there is one, follows it.
        b'T' => {
            let (time, rest) = line.split_once(' ')?;
            let rest = rest.trim_start();
            let rest = if rest.starts_with('[') {
                rest
            } else {
                rest.split_once(' ')?.1.trim_start()
            };
            (time, rest, true)
        }
        b' ' => {
            let i = line.find(" [")?;
            (&line[..i], &line[i + 1..], false)
        }
        _ => return None,
    };
    let (level, message) = rest.strip_prefix('[')?.split_once("] ")?;
    let level = Level::parse(level)?;
    let message = if new { strip_event_id(message) } else { message };
    Some(Entry {
        time,
        level,
        message: message.trim_end(),
        line: line.trim_end(),
        detail: None,
    })
}

/// `… ({EventId:x8})`: the hash of the message template the new format ends each line with.
fn strip_event_id(message: &str) -> &str {
    let m = message.trim_end();
    match m
        .len()
        .checked_sub(11)
        .and_then(|i| m.get(i..).map(|tail| (i, tail)))
    {
        Some((i, tail))
            if tail.starts_with(" (")
                && tail.ends_with(')')
                && tail[2..10].bytes().all(|c| c.is_ascii_hexdigit()) =>
        {
            &m[..i]
        }
        _ => m,
    }
}

/// Every entry of `text`, oldest first, each with the line that follows it when that line
/// does not start an entry (the exception logged with it).
pub fn entries(text: &str) -> Vec<Entry<'_>> {
    let mut out: Vec<Entry> = Vec::new();
    let mut follows = false;
    for line in text.lines() {
        if let Some(e) = head(line) {
            out.push(e);
            follows = true;
        } else if let Some(last) = out.last_mut().filter(|_| follows) {
            if !line.trim().is_empty() {
                last.detail = Some(line.trim());
                follows = false;
            }
        }
    }
    out
}
