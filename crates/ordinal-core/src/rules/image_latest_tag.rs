use super::{Context, Reporter, ResourceFacts, Rule};
use crate::parse::PathSegment::Key;

super::declare_rule! {
    /// ## What it flags
    /// A container or init container whose `image` has no tag and no
    /// digest, or the tag `latest`.
    ///
    /// ## Why it matters
    /// An image without a tag means `:latest`, and for `:latest` the
    /// default `imagePullPolicy` is `Always`. A StatefulSet replaces its
    /// pods one at a time and recreates any pod that dies, so members
    /// started on different days run different builds of the same
    /// "version", and a rollback to an earlier controller revision brings
    /// back the same tag, not the same image.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    /// - name: db
    ///   image: postgres          # means postgres:latest
    /// ```
    ///
    /// ## Fix
    /// Pin a version tag (`postgres:17.2`), or better a digest
    /// (`postgres@sha256:...`).
    ///
    /// ## Source
    /// - Kubernetes docs, "Images" (Image names: no tag means `latest`;
    ///   Image pull policy defaults: `Always` for `:latest` or no tag) and
    ///   "Configuration Best Practices" (avoid `:latest` in production).
    /// - kube-linter check `latest-tag`; kube-score check `container-image-tag`.
    pub struct ImageLatestTag {
        id: "image-latest-tag",
        severity: Warning,
        summary: "a container image has no tag or the `latest` tag",
    }
}

impl Rule for ImageLatestTag {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if facts.accepted_statefulset().is_none() {
            return;
        }
        for template_container in facts.containers() {
            let container = template_container.container;
            let Some(image) = container.image.as_deref().map(str::trim).filter(|image| !image.is_empty()) else {
                continue;
            };
            let what = match image_tag(image) {
                ImageTag::Digest => continue,
                ImageTag::Tag(tag) if tag != "latest" => continue,
                ImageTag::Tag(_) => "the `latest` tag",
                ImageTag::None => "no tag, which means `latest`",
            };
            report
                .report(
                    resource.span(&template_container.path(&[Key("image")])),
                    format!("image `{image}` of container `{}` has {what}", container.name),
                )
                .help("pin a version tag or a digest (`@sha256:...`) so every member runs the same image");
        }
    }
}

/// What pins an image reference.
enum ImageTag<'a> {
    /// `name@sha256:...` (with or without a tag).
    Digest,
    /// `name:tag`.
    Tag(&'a str),
    /// Neither.
    None,
}

/// Split the tag off an image reference. A colon before the last slash
/// belongs to a registry port (`registry:5000/app`), not a tag.
fn image_tag(image: &str) -> ImageTag<'_> {
    if image.contains('@') {
        return ImageTag::Digest;
    }
    let last_component = image.rsplit('/').next().unwrap_or(image);
    match last_component.rsplit_once(':') {
        Some((_, tag)) => ImageTag::Tag(tag),
        None => ImageTag::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(image: &str) -> Option<&str> {
        match image_tag(image) {
            ImageTag::Tag(tag) => Some(tag),
            ImageTag::None => None,
            ImageTag::Digest => Some("@digest"),
        }
    }

    #[test]
    fn splits_tags_from_registry_ports_and_digests() {
        assert_eq!(tag("nginx"), None);
        assert_eq!(tag("nginx:1.27"), Some("1.27"));
        assert_eq!(tag("registry:5000/team/app"), None);
        assert_eq!(tag("registry:5000/team/app:latest"), Some("latest"));
        assert_eq!(tag("app:1.0@sha256:abc"), Some("@digest"));
    }
}
