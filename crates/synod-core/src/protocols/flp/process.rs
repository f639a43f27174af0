//! One process of the FLP protocol: rounds of two votes, a conversation with each peer (every
//! vote answered by a vote), and a jump ahead when a peer is in a later round.

use crate::action::NodeId;
use crate::protocol::Out;

use super::{Flp, Msg, Record, Step, Timer, NODES};

/// A process. Sets of peers are bit masks (bit `i` for process `i`).
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Process {
    pub id: NodeId,
    pub input: u8,
    /// Where it is: `None` before its first step.
    pub at: Option<Step>,
    /// The value it reports in its current round.
    pub pref: u8,
    /// Its proposal in the current round (the propose step only): the value both reports it
    /// saw agreed on, or `None` when they differed.
    pub proposal: Option<u8>,
    pub decided: Option<u8>,
}

impl Process {
    pub fn new(id: NodeId, input: u8) -> Process {
        Process {
            id,
            input,
            at: None,
            pref: input,
            proposal: None,
            decided: None,
        }
    }

    /// Its first step (FLP's event with no message, or the first message it receives): report
    /// its input in round 1 and open a conversation with each peer but `answering`, the one
    /// whose message it is about to answer.
    fn start(&mut self, out: &mut Out<Flp>, answering: Option<NodeId>) {
        self.enter(out, Step::report(1));
        out.cancel_timer(Timer::Start);
        let vote = self.vote();
        for peer in (0..NODES).filter(|n| *n != self.id && Some(*n) != answering) {
            out.send(peer, vote);
        }
    }

    /// The start timer fired.
    pub fn on_start(&mut self, out: &mut Out<Flp>) {
        if self.at.is_none() && self.decided.is_none() {
            self.start(out, None);
        }
    }

    fn enter(&mut self, out: &mut Out<Flp>, step: Step) {
        self.at = Some(step);
        if step.propose {
            out.record(Record::Proposed(step.round, self.proposal));
        } else {
            self.proposal = None;
            out.record(Record::Reported(step.round, self.pref));
        }
    }

    /// Its message for the current step: the propose step's carries the round's report too, so
    /// that a peer behind can catch up from it alone; once decided, the decision.
    fn vote(&self) -> Msg {
        if let Some(value) = self.decided {
            return Msg::Decided { value };
        }
        Msg::Vote {
            step: self.at.expect("a process voting has started"),
            report: self.pref,
            proposal: self.proposal,
        }
    }

    /// Every vote is answered with the receiver's own vote as it is after hearing it (or its
    /// decision), so each pair of processes keeps one conversation going and at most two
    /// messages are ever on their way between them. A decision is not answered.
    pub fn on_message(&mut self, out: &mut Out<Flp>, from: NodeId, msg: Msg) {
        match msg {
            Msg::Decided { value } => self.decide(out, value),
            Msg::Vote {
                step,
                report,
                proposal,
            } => {
                if self.decided.is_none() {
                    if self.at.is_none() {
                        self.start(out, Some(from));
                    }
                    self.hear(out, step, report, proposal);
                }
                out.send(from, self.vote());
            }
        }
    }

    /// A peer's vote from `step`: one from an earlier step is stale; one from a later round
    /// makes this process jump there, adopting the peer's report (the value the peer carried
    /// into that round, which every decision before it agrees with); one from this round counts.
    fn hear(&mut self, out: &mut Out<Flp>, step: Step, report: u8, proposal: Option<u8>) {
        let here = self.at.expect("a process hearing a vote has started");
        if step < here {
            return;
        }
        if step.round > here.round {
            self.pref = report;
            self.enter(out, Step::report(step.round));
        }
        let here = self.at.expect("still started");
        if !here.propose {
            // Two reports: the value if they agree.
            self.proposal = (report == self.pref).then_some(report);
            self.enter(out, here.next());
        }
        if step.propose {
            self.conclude(out, report, proposal);
        }
    }

    /// Two proposals: decide a value both propose; adopt a value one proposes; if neither
    /// proposes one, adopt the smaller of the two reports (a deterministic rule: FLP allows no
    /// coin). Then the next round.
    fn conclude(&mut self, out: &mut Out<Flp>, report: u8, theirs: Option<u8>) {
        let here = self.at.expect("a process concluding has started");
        match (self.proposal, theirs) {
            (Some(a), Some(b)) if a == b => return self.decide(out, a),
            (Some(v), _) | (_, Some(v)) => self.pref = v,
            (None, None) => self.pref = self.pref.min(report),
        }
        self.enter(out, here.next());
    }

    /// Decides `value` (once); its peers learn it from its answers.
    fn decide(&mut self, out: &mut Out<Flp>, value: u8) {
        if self.decided.is_some() {
            return;
        }
        self.decided = Some(value);
        out.record(Record::Decided(value));
    }

    /// Its round number, for renumbering (see `Protocol::renumber`).
    pub fn rounds(&mut self, visit: &mut dyn FnMut(&mut u32)) {
        if let Some(step) = self.at.as_mut() {
            visit(&mut step.round);
        }
    }
}
