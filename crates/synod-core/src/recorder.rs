//! The history of a run, recorded beside its state: the protocol-independent [`Journal`]
//! (events with their clocks, messages with their fates, timers with what became of them, by
//! id) and, beside it, what only the protocol's types can hold: each message's payload and
//! monitor tag, each timer's name, each event's records, and the chronicle the views fold.
//!
//! The state ([`crate::state::State`]) knows messages and timers by content; the recorder knows
//! them by id. The model checker keeps no recorder.

use crate::action::{MessageId, NodeId, TimerId};
use crate::chunked::Chunked;
use crate::journal::{Journal, Labels};
use crate::protocol::Protocol;
use crate::state::{Envelope, Parcel, TimerEffect};
use crate::trace::{Event, EventId};
use crate::view::Field;

#[derive(Clone, Debug)]
pub struct Recorder<P: Protocol> {
    journal: Journal,
    /// Every message's payload, by id.
    payloads: Chunked<P::Msg>,
    /// Every message's monitor tag, by id.
    tags: Chunked<P::Tag>,
    /// Every timer's name, by id.
    names: Chunked<P::Timer>,
    /// Every event's records, event after event (see [`Event::first_record`]).
    records: Chunked<P::Record>,
    /// What the views need from the history, folded event by event.
    chronicle: P::Chronicle,
    /// A protocol in rounds: each node's inspector fields as the current round began (`None`
    /// for a node that was down then, or before any round).
    round_fields: Vec<Option<Vec<Field>>>,
}

impl<P: Protocol> Recorder<P> {
    /// An empty history with the protocol's initial timers pending (numbered node by node).
    pub fn new(protocol: &P) -> Recorder<P> {
        let nodes = protocol.node_count();
        let mut recorder = Recorder {
            journal: Journal::new(nodes),
            payloads: Chunked::new(),
            tags: Chunked::new(),
            names: Chunked::new(),
            records: Chunked::new(),
            chronicle: P::Chronicle::default(),
            round_fields: Vec::new(),
        };
        for node in 0..nodes {
            for (name, delay) in protocol.initial_timers(node) {
                recorder.set_timer(node, 0, name, delay);
            }
        }
        recorder
    }

    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    pub(crate) fn journal_mut(&mut self) -> &mut Journal {
        &mut self.journal
    }

    /// Node `node`'s inspector fields as the current round began, if it was up then.
    pub fn round_fields(&self, node: NodeId) -> Option<&[Field]> {
        self.round_fields.get(node as usize)?.as_deref()
    }

    /// A round has just begun: keeps each node's fields as it stands.
    pub(crate) fn keep_round_fields(&mut self, fields: Vec<Option<Vec<Field>>>) {
        self.round_fields = fields;
    }

    pub fn chronicle(&self) -> &P::Chronicle {
        &self.chronicle
    }

    /// What the node's handler recorded during event `id`.
    pub fn records(&self, id: EventId) -> impl Iterator<Item = &P::Record> {
        self.records.range(self.journal.records_of(id))
    }

    /// Message `id`'s payload.
    pub fn payload(&self, id: MessageId) -> &P::Msg {
        &self.payloads[id as usize]
    }

    /// Timer `id`'s name.
    pub fn timer_name(&self, id: TimerId) -> &P::Timer {
        &self.names[id as usize]
    }

    /// The message as the state holds it: payload and tag.
    pub fn parcel(&self, id: MessageId) -> Parcel<P> {
        Envelope {
            msg: self.payloads[id as usize].clone(),
            tag: self.tags[id as usize].clone(),
        }
    }

    /// The pending timer of `node` named `name`.
    pub fn pending_timer(&self, node: NodeId, name: &P::Timer) -> Option<TimerId> {
        self.journal
            .pending_of(node)
            .iter()
            .copied()
            .find(|id| self.names[*id as usize] == *name)
    }

    /// Keeps what a step's handler recorded, before the journal records its event.
    pub(crate) fn keep_records(&mut self, records: Vec<P::Record>) -> u32 {
        let count = records.len() as u32;
        for record in records {
            self.records.push(record);
        }
        count
    }

    /// Keeps the parcels of messages the journal has just given ids, in the same order.
    pub(crate) fn keep_parcels(&mut self, parcels: impl IntoIterator<Item = Parcel<P>>) {
        for parcel in parcels {
            self.payloads.push(parcel.msg);
            self.tags.push(parcel.tag);
        }
        debug_assert_eq!(self.payloads.len(), self.journal.messages().len());
    }

    /// Message `id`, in flight, now says `msg`: its sender, a traitor, forged it.
    pub(crate) fn forge(&mut self, id: MessageId, msg: P::Msg) {
        if let Some(payload) = self.payloads.get_mut(id as usize) {
            *payload = msg;
        }
    }

    /// Folds event `id`, just recorded, into the chronicle.
    pub(crate) fn chronicle_event(&mut self, protocol: &P, id: EventId) {
        let event = &self.journal.events()[id as usize];
        let records: Vec<&P::Record> = self.records.range(self.journal.records_of(id)).collect();
        protocol.chronicle(&mut self.chronicle, event, &records);
    }

    /// Carries out what a handler at `node` asked of its timers, in order.
    pub(crate) fn timers(&mut self, node: NodeId, step: u64, effects: Vec<TimerEffect<P::Timer>>) {
        for effect in effects {
            match effect {
                TimerEffect::Set(name, delay) => {
                    self.set_timer(node, step, name, delay);
                }
                TimerEffect::Cancel(name) => {
                    if let Some(id) = self.pending_timer(node, &name) {
                        self.journal.cancel_timer(id, step);
                    }
                }
            }
        }
    }

    /// Starts timer `name` at `node`, due after `delay`; one pending under the name is
    /// cancelled first.
    fn set_timer(&mut self, node: NodeId, step: u64, name: P::Timer, delay: u32) -> TimerId {
        if let Some(id) = self.pending_timer(node, &name) {
            self.journal.cancel_timer(id, step);
        }
        self.names.push(name);
        self.journal.set_timer(node, step, delay)
    }

    /// The protocol's words for this history's messages, timers and events.
    pub fn labels<'a>(&'a self, protocol: &'a P) -> Labeller<'a, P> {
        Labeller {
            protocol,
            recorder: self,
        }
    }
}

/// A protocol's [`Labels`] for one recorded history.
pub struct Labeller<'a, P: Protocol> {
    protocol: &'a P,
    recorder: &'a Recorder<P>,
}

impl<P: Protocol> Labels for Labeller<'_, P> {
    fn message_label(&self, id: MessageId) -> String {
        self.protocol.message_label(self.recorder.payload(id))
    }

    fn message_kind(&self, id: MessageId) -> &'static str {
        self.protocol.message_kind(self.recorder.payload(id))
    }

    fn timer_label(&self, id: TimerId) -> String {
        self.protocol.timer_label(self.recorder.timer_name(id))
    }

    fn notes(&self, event: &Event) -> Vec<String> {
        self.recorder
            .records(event.id)
            .map(|record| self.protocol.record_note(record))
            .collect()
    }
}
