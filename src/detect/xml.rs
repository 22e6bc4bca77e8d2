//! A small, forgiving XML reader for build files (Maven `pom.xml`, MSBuild project files): elements,
//! attributes and text with their lines. Comments, processing instructions and declarations are skipped;
//! malformed input gives what could be read, never an error. Nesting is bounded.

/// An element with its attributes, text and children.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Element>,
    pub text: String,
    /// 1-based line of the opening tag.
    pub line: usize,
}

const MAX_DEPTH: usize = 64;

impl Element {
    /// The first child with this name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The trimmed text of the element at a path of child names, with its line.
    pub fn text_at(&self, path: &[&str]) -> Option<(&str, usize)> {
        let mut current = self;
        for name in path {
            current = current.child(name)?;
        }
        let text = current.text.trim();
        (!text.is_empty()).then_some((text, current.line))
    }

    /// An attribute's value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every element below this one with this name, depth first.
    pub fn descendants<'a>(&'a self, name: &str) -> Vec<&'a Element> {
        let mut out = Vec::new();
        let mut stack: Vec<&Element> = self.children.iter().rev().collect();
        while let Some(e) = stack.pop() {
            if e.name == name {
                out.push(e);
            }
            stack.extend(e.children.iter().rev());
        }
        out
    }
}

/// Parses a document and returns its root element, if it has one.
pub(crate) fn parse(text: &str) -> Option<Element> {
    let mut stack: Vec<Element> = vec![Element::default()];
    let mut rest = text;
    let mut line = 1;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push_text(&mut stack, rest);
            break;
        };
        push_text(&mut stack, &rest[..lt]);
        line += rest[..lt].matches('\n').count();
        rest = &rest[lt..];
        let skip_to = |rest: &str, end: &str| rest.find(end).map_or(rest.len(), |i| i + end.len());
        let consumed = if rest.starts_with("<!--") {
            skip_to(rest, "-->")
        } else if let Some(cdata) = rest.strip_prefix("<![CDATA[") {
            let end = cdata.find("]]>").unwrap_or(cdata.len());
            if let Some(top) = stack.last_mut() {
                top.text.push_str(&cdata[..end]);
            }
            skip_to(rest, "]]>")
        } else if rest.starts_with("<?") {
            skip_to(rest, "?>")
        } else if rest.starts_with("<!") {
            skip_to(rest, ">")
        } else if let Some(close) = rest.strip_prefix("</") {
            let (name, end) = match close.find('>') {
                Some(i) => (&close[..i], i + 3),
                None => (close, rest.len()),
            };
            close_element(&mut stack, name.trim());
            end
        } else {
            let end = tag_end(rest);
            let tag = rest[1..end].strip_suffix('>').unwrap_or(&rest[1..end]);
            let (tag, self_closing) = match tag.strip_suffix('/') {
                Some(t) => (t, true),
                None => (tag, false),
            };
            let element = open_tag(tag, line);
            if stack.len() > MAX_DEPTH {
                return None;
            }
            if self_closing {
                if let Some(top) = stack.last_mut() {
                    top.children.push(element);
                }
            } else {
                stack.push(element);
            }
            end
        };
        line += rest[..consumed].matches('\n').count();
        rest = &rest[consumed..];
    }
    while stack.len() > 1 {
        let name = stack.last().map(|e| e.name.clone()).unwrap_or_default();
        close_element(&mut stack, &name);
    }
    stack.pop()?.children.into_iter().next()
}

/// The end of an opening tag, after its `>`, skipping `>` inside quoted attribute values.
fn tag_end(rest: &str) -> usize {
    let mut quote: Option<char> = None;
    for (i, c) in rest.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    rest.len()
}

fn open_tag(tag: &str, line: usize) -> Element {
    let tag = tag.trim();
    let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
    let mut element = Element {
        name: tag[..name_end].to_owned(),
        line,
        ..Element::default()
    };
    let mut rest = tag[name_end..].trim_start();
    while let Some(eq) = rest.find('=') {
        let name = rest[..eq].trim().to_owned();
        let after = rest[eq + 1..].trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            break;
        };
        let body = &after[1..];
        let end = body.find(quote).unwrap_or(body.len());
        element.attrs.push((name, unescape(&body[..end])));
        rest = body.get(end + 1..).unwrap_or("").trim_start();
    }
    element
}

fn push_text(stack: &mut [Element], text: &str) {
    if let Some(top) = stack.last_mut()
        && !text.trim().is_empty()
    {
        top.text.push_str(&unescape(text));
    }
}

/// Closes the innermost open element with this name (and any left open inside it).
fn close_element(stack: &mut Vec<Element>, name: &str) {
    if !stack.iter().skip(1).any(|e| e.name == name) {
        return;
    }
    while stack.len() > 1 {
        let Some(done) = stack.pop() else { return };
        let matched = done.name == name;
        if let Some(parent) = stack.last_mut() {
            parent.children.push(done);
        }
        if matched {
            return;
        }
    }
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_attributes_text_and_lines() {
        let doc = "<?xml version=\"1.0\"?>\n<!-- c -->\n<project a=\"1 > 0\">\n  <parent><artifactId>p</artifactId></parent>\n  <artifactId>app</artifactId>\n  <x/><![CDATA[raw]]>\n  <name>a &amp; b</name>\n</project>\n";
        let root = parse(doc).unwrap();
        assert_eq!(root.name, "project");
        assert_eq!(root.attr("a"), Some("1 > 0"));
        assert_eq!(root.text_at(&["artifactId"]), Some(("app", 5)));
        assert_eq!(root.text_at(&["parent", "artifactId"]), Some(("p", 4)));
        assert_eq!(root.text_at(&["name"]).unwrap().0, "a & b");
        assert_eq!(root.descendants("artifactId").len(), 2);
        assert!(root.child("x").is_some());
    }

    #[test]
    fn malformed_and_deep_input_does_not_fail() {
        assert!(parse("").is_none());
        assert_eq!(
            parse("<a><b>t</a>").unwrap().text_at(&["b"]),
            Some(("t", 1))
        );
        assert_eq!(parse("<a><b>").unwrap().name, "a");
        assert!(parse(&"<a>".repeat(1000)).is_none());
        assert_eq!(parse("<a></zzz><b/></a>").unwrap().children.len(), 1);
    }
}
