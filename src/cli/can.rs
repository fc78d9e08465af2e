//! `kmspolicy can`: one question — can this principal perform this action on this key? — answered
//! with the decision and its explanation, against a world file or directly against policy files.

use std::path::PathBuf;

use clap::Args;

use super::{report, Format, EXIT_BAD_INPUT};
use crate::error::Diagnostic;
use crate::eval::{authorize, Caller, CallerKind, Request};
use crate::scenario::load_scenario_file;
use crate::source::printable;
use crate::world::{Key, KeyArn, KeyMetadata, Principal, PrincipalKind, World};
use crate::{Error, Policy, PolicyKind};

/// Arguments of `kmspolicy can`.
#[derive(Debug, Args)]
pub struct CanArgs {
    /// A world file: a scenario file without `cases`.
    #[arg(long, conflicts_with_all = ["key_policy", "identity_policy", "key_arn", "permissions_boundary"])]
    pub world: Option<PathBuf>,
    /// A key policy file (instead of `--world`).
    #[arg(long, required_unless_present = "world")]
    pub key_policy: Option<PathBuf>,
    /// An identity policy of the principal (repeatable; with `--key-policy`).
    #[arg(long)]
    pub identity_policy: Vec<PathBuf>,
    /// The principal's permissions boundary (with `--key-policy`).
    #[arg(long)]
    pub permissions_boundary: Option<PathBuf>,
    /// The key's ARN (with `--key-policy`); default: a key in the principal's account, us-east-1.
    #[arg(long)]
    pub key_arn: Option<String>,
    /// The caller: a user, role, role-session or federated-user ARN, an account root ARN, or a
    /// service principal.
    #[arg(long)]
    pub principal: String,
    /// The action, e.g. `kms:Decrypt`.
    #[arg(long)]
    pub action: String,
    /// The key ARN, alias name or alias ARN; may be omitted when the world has one key.
    #[arg(long)]
    pub resource: Option<String>,
    /// An encryption-context pair `k=v` (repeatable).
    #[arg(long = "encryption-context", value_name = "K=V")]
    pub encryption_context: Vec<String>,
    /// A condition key `k=v` (repeatable; repeating a key makes it multi-valued).
    #[arg(long = "context", value_name = "K=V")]
    pub context: Vec<String>,
    /// A session policy file.
    #[arg(long)]
    pub session_policy: Option<PathBuf>,
    /// A VPC endpoint policy file.
    #[arg(long)]
    pub vpc_endpoint_policy: Option<PathBuf>,
    /// A grant token presented with the request (repeatable).
    #[arg(long)]
    pub grant_token: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

fn read_policy(path: &PathBuf, kind: PolicyKind) -> Result<Policy, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::single(Diagnostic::plain(format!(
            "cannot read `{}`: {e}",
            path.display()
        )))
    })?;
    Policy::parse(&path.display().to_string(), &text, kind)
}

fn split_pair(s: &str, flag: &str) -> Result<(String, String), Error> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(Error::single(Diagnostic::plain(format!(
            "`--{flag} {s}`: expected `KEY=VALUE`"
        )))),
    }
}

/// A world of one key (and the principal's policies) from policy files.
fn world_from_files(args: &CanArgs, caller: &Caller) -> Result<World, Error> {
    let mut problems = Vec::new();
    let mut world = World::new();
    let key_policy = args
        .key_policy
        .as_ref()
        .map(|p| read_policy(p, PolicyKind::Key));
    let account = caller.account().unwrap_or("111122223333").to_string();
    let arn_text = args.key_arn.clone().unwrap_or_else(|| {
        format!("arn:aws:kms:us-east-1:{account}:key/00000000-0000-0000-0000-000000000000")
    });
    let arn = KeyArn::parse(&arn_text);
    if arn.is_none() {
        problems.push(Diagnostic::plain(format!(
            "invalid key ARN `{arn_text}`: expected `arn:aws:kms:REGION:ACCOUNT:key/KEY-ID`"
        )));
    }
    let mut identity = Vec::new();
    for p in &args.identity_policy {
        match read_policy(p, PolicyKind::Identity) {
            Ok(p) => identity.push(p),
            Err(e) => problems.extend(e.into_diagnostics()),
        }
    }
    let boundary = match args
        .permissions_boundary
        .as_ref()
        .map(|p| read_policy(p, PolicyKind::Boundary))
    {
        Some(Ok(p)) => Some(p),
        Some(Err(e)) => {
            problems.extend(e.into_diagnostics());
            None
        }
        None => None,
    };
    let policy = match key_policy {
        Some(Ok(p)) => Some(p),
        Some(Err(e)) => {
            problems.extend(e.into_diagnostics());
            None
        }
        None => None,
    };
    if !problems.is_empty() {
        return Err(Error::new(problems));
    }
    if let (Some(arn), Some(policy)) = (arn, policy) {
        world.add_key(Key {
            metadata: KeyMetadata::default_for(&arn.key_id),
            arn,
            policy,
            aliases: Vec::new(),
            tags: Vec::new(),
            grants: Vec::new(),
        });
    }
    let listed = match caller.kind() {
        CallerKind::User { arn, account, name } => Some((arn, PrincipalKind::User, account, name)),
        CallerKind::RoleSession {
            role_arn,
            account,
            role_name,
            ..
        } => Some((role_arn, PrincipalKind::Role, account, role_name)),
        _ => None,
    };
    if let Some((arn, kind, account, name)) = listed {
        world.add_principal(Principal {
            arn: arn.to_string(),
            kind,
            account: account.to_string(),
            name: name.to_string(),
            policies: identity,
            boundary,
            tags: Vec::new(),
            unique_id: None,
            service_linked: false,
        });
    }
    Ok(world)
}

fn build(args: &CanArgs) -> Result<(World, Request<'_>), Error> {
    let caller = Caller::parse(&args.principal).map_err(|m| Error::single(Diagnostic::plain(m)))?;
    let world = match &args.world {
        Some(path) => {
            let s = load_scenario_file(path)?;
            if s.cases.is_some() {
                eprintln!(
                    "note: `{}` has cases; they are ignored by `can`",
                    path.display()
                );
            }
            s.world
        }
        None => world_from_files(args, &caller)?,
    };
    let mut b = Request::builder()
        .principal(&args.principal)
        .action(&args.action);
    if let Some(r) = &args.resource {
        b = b.resource(r);
    }
    for pair in &args.encryption_context {
        let (k, v) = split_pair(pair, "encryption-context")?;
        b = b.encryption_context(k, v);
    }
    let mut ctx: Vec<(String, Vec<String>)> = Vec::new();
    for pair in &args.context {
        let (k, v) = split_pair(pair, "context")?;
        match ctx.iter_mut().find(|(x, _)| *x == k) {
            Some((_, vs)) => vs.push(v),
            None => ctx.push((k, vec![v])),
        }
    }
    for (k, mut vs) in ctx {
        b = if vs.len() == 1 {
            b.context(k, vs.remove(0))
        } else {
            b.context_multi(k, vs)
        };
    }
    if let Some(p) = &args.session_policy {
        b = b.session_policy(read_policy(p, PolicyKind::Session)?);
    }
    if let Some(p) = &args.vpc_endpoint_policy {
        b = b.vpc_endpoint_policy(read_policy(p, PolicyKind::VpcEndpoint)?);
    }
    for t in &args.grant_token {
        b = b.grant_token(t);
    }
    Ok((world, b.build()?))
}

/// Runs `kmspolicy can`; returns the exit status (0 allowed, 1 denied, 2 bad input).
pub fn can(args: &CanArgs) -> u8 {
    let (world, request) = match build(args) {
        Ok(x) => x,
        Err(e) => {
            report(&e);
            return EXIT_BAD_INPUT;
        }
    };
    let response = match authorize(&world, &request) {
        Ok(r) => r,
        Err(e) => {
            report(&e);
            return EXIT_BAD_INPUT;
        }
    };
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&response).unwrap_or_default()
        ),
        Format::Human => {
            let text = format!(
                "{} {} {}\n{response}",
                request.caller().display_arn(),
                request.action_name(),
                request.resource().unwrap_or("(the only key)")
            );
            print!("{}", printable(&text));
        }
    }
    if response.is_allowed() {
        0
    } else {
        1
    }
}
