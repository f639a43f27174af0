//! One member of the group: what it multicast, received and delivered, and the rules by which a
//! received message leaves its hold-back queue under each order.

use super::delivered::Delivered;
use super::hold_back::HoldBack;
use super::{Order, Variant};
use crate::action::NodeId;
use crate::protocol::AppId;

/// An application message as it travels and waits: its id, its text and, under the causal
/// orders, its vector timestamp (`V[k]`: how many of node k's messages its sender had delivered
/// when it multicast it, its own count at its own place; empty under the other orders).
#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct AppMsg {
    pub app: AppId,
    pub text: String,
    pub vector: Vec<u32>,
}

/// Why a received message is held back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wait {
    /// For another message to be delivered first; under the causal orders, with the held
    /// message's vector and the receiver's.
    Message {
        app: AppId,
        vectors: Option<(Vec<u32>, Vec<u32>)>,
    },
    /// For the sequencer's number for it.
    Number { sequencer: NodeId },
    /// For its turn: it has `number`, and the receiver has delivered up to `next - 1`.
    Turn { number: u32, next: u32 },
}

impl Wait {
    /// The reason in a few words, as the step's note gives it.
    pub fn brief(&self) -> String {
        match self {
            Wait::Message { app, vectors: None } => format!("waits for {app}"),
            Wait::Message {
                app,
                vectors: Some((mine, delivered)),
            } => format!("waits for {app} ({mine:?} > {delivered:?})"),
            Wait::Number { .. } => "waits for its number".to_string(),
            Wait::Turn { number, next } => format!("is #{number}, waits for #{next}"),
        }
    }

    /// The reason in words, as the inspector gives it.
    pub fn text(&self) -> String {
        match self {
            Wait::Message { app, vectors: None } => format!(
                "waits for {app} from node {} (it has delivered {} of node {}'s messages)",
                app.sender,
                app.seq - 1,
                app.sender
            ),
            Wait::Message {
                app,
                vectors: Some((mine, delivered)),
            } => format!(
                "waits for {app} from node {} (vector {mine:?} > {delivered:?})",
                app.sender
            ),
            Wait::Number { sequencer } => {
                format!("waits for its number from the sequencer, node {sequencer}")
            }
            Wait::Turn { number, next } => {
                format!("has number {number}, waits for number {next} to be delivered first")
            }
        }
    }
}

/// What a node keeps on stable storage: what it multicast and delivered (and, at the sequencer,
/// what it numbered), so that it neither reuses a sequence number or a global number nor
/// delivers a message twice after a crash.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Durable {
    pub sent: u32,
    pub got: Delivered,
    pub delivered: Vec<AppId>,
    pub numbered: Delivered,
    pub assigned: u32,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Node {
    pub id: NodeId,
    /// How many messages it has multicast.
    pub sent: u32,
    /// What it delivered, as a set: its prefix is `P` (`P[j]`: how many of sender j's messages
    /// it has delivered in order).
    pub got: Delivered,
    /// The hold-back queue: received, not yet delivered.
    pub held: HoldBack,
    /// What it delivered, in order.
    pub delivered: Vec<AppId>,
    /// Under the total orders: the sequencer's numbers for messages not yet delivered, sorted.
    pub numbers: Vec<(AppId, u32)>,
    /// At the sequencer: the messages it has numbered (the hybrids number in an order of their
    /// own) and how many.
    pub numbered: Delivered,
    pub assigned: u32,
}

/// The rules of one protocol of the family, as a node applies them.
#[derive(Clone, Copy, Debug)]
pub struct Rules {
    pub order: Order,
    pub variant: Variant,
    pub sequencer: NodeId,
}

impl Rules {
    /// Whether causal delivery checks the other senders' entries (`V[k] <= P[k]`).
    fn checks_dependencies(&self) -> bool {
        self.variant != Variant::NoDependencyCheck
    }
}

impl Node {
    pub fn new(id: NodeId, nodes: NodeId) -> Node {
        Node {
            id,
            sent: 0,
            got: Delivered::new(nodes),
            held: HoldBack::new(nodes),
            delivered: Vec::new(),
            numbers: Vec::new(),
            numbered: Delivered::new(nodes),
            assigned: 0,
        }
    }

    pub fn durable(&self) -> Durable {
        Durable {
            sent: self.sent,
            got: self.got.clone(),
            delivered: self.delivered.clone(),
            numbered: self.numbered.clone(),
            assigned: self.assigned,
        }
    }

    pub fn recovered(id: NodeId, durable: Durable) -> Node {
        let nodes = durable.got.prefix().len() as NodeId;
        Node {
            id,
            sent: durable.sent,
            got: durable.got,
            delivered: durable.delivered,
            held: HoldBack::new(nodes),
            numbers: Vec::new(),
            numbered: durable.numbered,
            assigned: durable.assigned,
        }
    }

    /// Whether `app` was seen before: delivered or held back.
    pub fn knows(&self, app: AppId) -> bool {
        self.got.contains(app) || self.held.get(app).is_some()
    }

    /// Each sender's first message not yet in `so_far`, where held: under FIFO and causal
    /// order (and at a FIFO-total or causal-total sequencer) only these can be next, so a queue
    /// stuck behind a lost message is never scanned whole.
    fn heads<'a>(&'a self, so_far: &'a Delivered) -> impl Iterator<Item = &'a AppMsg> + 'a {
        (0..so_far.prefix().len() as NodeId)
            .filter_map(move |sender| self.held.get(so_far.first_missing(sender)))
    }

    /// The sequencer's number for `app`, if this node has it.
    pub fn number(&self, app: AppId) -> Option<u32> {
        self.numbers
            .binary_search_by_key(&app, |(a, _)| *a)
            .ok()
            .map(|at| self.numbers[at].1)
    }

    /// Notes the sequencer's number for `app`; false if it was known (or `app` delivered).
    pub fn learn_number(&mut self, app: AppId, number: u32) -> bool {
        if self.got.contains(app) {
            return false;
        }
        match self.numbers.binary_search_by_key(&app, |(a, _)| *a) {
            Ok(_) => false,
            Err(at) => {
                self.numbers.insert(at, (app, number));
                true
            }
        }
    }

    /// Puts a message in the hold-back queue.
    pub fn hold(&mut self, msg: AppMsg) {
        self.held.insert(msg);
    }

    /// The vector timestamp of the next message this node multicasts, under `order`.
    pub fn next_vector(&self, order: Order) -> Vec<u32> {
        if !order.causal() {
            return Vec::new();
        }
        let mut vector = self.got.prefix().to_vec();
        vector[self.id as usize] = self.sent + 1;
        vector
    }

    /// Why `msg` may not be delivered yet, or `None` if it may.
    pub fn wait(&self, rules: &Rules, msg: &AppMsg) -> Option<Wait> {
        match rules.order {
            Order::Fifo => {
                let expected = self.got.first_missing(msg.app.sender);
                let flawed = rules.variant == Variant::NoHoldBack;
                (expected != msg.app && !flawed).then_some(Wait::Message {
                    app: expected,
                    vectors: None,
                })
            }
            Order::Causal => {
                let delivered = self.got.prefix();
                let missing = causal_missing(delivered, msg, rules.checks_dependencies())?;
                Some(Wait::Message {
                    app: AppId {
                        sender: missing,
                        seq: delivered[missing as usize] + 1,
                    },
                    vectors: Some((msg.vector.clone(), delivered.to_vec())),
                })
            }
            Order::Total | Order::FifoTotal | Order::CausalTotal => {
                let next = self.delivered.len() as u32 + 1;
                match self.number(msg.app) {
                    None => Some(Wait::Number {
                        sequencer: rules.sequencer,
                    }),
                    Some(_) if rules.variant == Variant::SkipNumberCheck => None,
                    Some(number) => (number != next).then_some(Wait::Turn { number, next }),
                }
            }
        }
    }

    /// Whether `msg` may be delivered now: [`Node::wait`] without the words, which the delivery
    /// loop (run on every receipt, and by the checker on every successor) does not need.
    fn ready(&self, rules: &Rules, msg: &AppMsg) -> bool {
        match rules.order {
            Order::Causal => {
                causal_missing(self.got.prefix(), msg, rules.checks_dependencies()).is_none()
            }
            _ => self.wait(rules, msg).is_none(),
        }
    }

    /// The held message to deliver first, if any may be delivered: the first ready one in queue
    /// order, found without scanning the queue. Before `arrived` (a message or a number just
    /// received) no held message was ready, so under the total orders only it can be, and after
    /// a delivery only the message the next number belongs to.
    fn first_ready(&self, rules: &Rules, arrived: Option<AppId>) -> Option<AppId> {
        let ready = match rules.order {
            Order::Fifo if rules.variant == Variant::NoHoldBack => {
                self.held.iter().find(|m| self.ready(rules, m))
            }
            Order::Fifo | Order::Causal => self.heads(&self.got).find(|m| self.ready(rules, m)),
            Order::Total | Order::FifoTotal | Order::CausalTotal => {
                let app = match arrived {
                    Some(app) => app,
                    None if rules.variant == Variant::SkipNumberCheck => return None,
                    None => {
                        let next = self.delivered.len() as u32 + 1;
                        self.numbers.iter().find(|(_, n)| *n == next)?.0
                    }
                };
                self.held.get(app).filter(|m| self.ready(rules, m))
            }
        };
        ready.map(|m| m.app)
    }

    /// Delivers every held message whose turn has come, in turn, and returns them. `arrived` is
    /// the message, or the number, whose receipt calls for it.
    pub fn deliver_ready(&mut self, rules: &Rules, arrived: AppId) -> Vec<AppMsg> {
        let mut delivered = Vec::new();
        let mut arrived = Some(arrived);
        while let Some(app) = self.first_ready(rules, arrived.take()) {
            let Some(msg) = self.held.take(app) else {
                break;
            };
            self.got.insert(msg.app);
            self.delivered.push(msg.app);
            if let Ok(at) = self.numbers.binary_search_by_key(&msg.app, |(a, _)| *a) {
                self.numbers.remove(at);
            }
            delivered.push(msg);
        }
        delivered
    }

    /// At the sequencer: numbers every held message it may number now, in turn, and returns
    /// each with its number. Plain total order numbers each message as it arrives; FIFO-total
    /// numbers each sender's messages in the order it sent them; causal-total numbers a message
    /// once everything it causally depends on is numbered.
    ///
    /// Plain total order numbers each message on arrival, so only `arrived` can be unnumbered;
    /// under the hybrids only each sender's next message by the sequencer's count can be next.
    pub fn number_ready(&mut self, rules: &Rules, arrived: AppId) -> Vec<(AppId, u32)> {
        let mut numbered = Vec::new();
        loop {
            let unnumbered = |m: &&AppMsg| self.number(m.app).is_none();
            let ready = match rules.order {
                Order::FifoTotal => self.heads(&self.numbered).find(unnumbered),
                Order::CausalTotal => self.heads(&self.numbered).find(|m| {
                    unnumbered(m) && causal_missing(self.numbered.prefix(), m, true).is_none()
                }),
                _ => self.held.get(arrived).filter(unnumbered),
            };
            let Some(app) = ready.map(|m| m.app) else {
                return numbered;
            };
            self.assigned += 1;
            self.numbered.insert(app);
            self.learn_number(app, self.assigned);
            numbered.push((app, self.assigned));
        }
    }
}

/// The causal delivery rule against `delivered` (`P`): deliver sender j's message with vector `V`
/// when `V[j] == P[j] + 1` and (unless `check_others` is off) `V[k] <= P[k]` for every other k.
/// Otherwise, the node whose message it waits for.
fn causal_missing(delivered: &[u32], msg: &AppMsg, check_others: bool) -> Option<NodeId> {
    let sender = msg.app.sender as usize;
    let vector = &msg.vector;
    let missing = if vector[sender] != delivered[sender] + 1 {
        Some(sender)
    } else if check_others {
        (0..vector.len()).find(|&k| k != sender && vector[k] > delivered[k])
    } else {
        None
    };
    missing.map(|node| node as NodeId)
}
