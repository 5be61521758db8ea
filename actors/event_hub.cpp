#include "actors/event_hub.hpp"

#include <caf/all.hpp>

#include <algorithm>
#include <vector>

namespace dc::actors {

namespace {

constexpr std::size_t replay_batch = 256;

void deliver(EventHubState& st, const StreamItem& item) {
  for (auto i = st.subscribers.begin(); i != st.subscribers.end();)
    i = i->second.sink({&item, 1}) ? std::next(i) : st.subscribers.erase(i);
}

/// Hands each subscriber, in one call, the events published since the last flush that it
/// wants: one write per subscriber per batch, however many events the batch holds.
void flush(EventHubState& st) {
  if (st.pending.empty()) return;
  std::vector<StreamItem> wanted;
  for (auto i = st.subscribers.begin(); i != st.subscribers.end();) {
    auto& filter = i->second.filter;
    bool keep;
    if (std::all_of(st.pending.begin(), st.pending.end(),
                    [&](auto& item) { return filter.matches(*item.event); })) {
      keep = i->second.sink(st.pending);  // the common case: no copy
    } else {
      wanted.clear();
      for (auto& item : st.pending)
        if (filter.matches(*item.event)) wanted.push_back(item);
      keep = wanted.empty() || i->second.sink(wanted);
    }
    i = keep ? std::next(i) : st.subscribers.erase(i);
  }
  st.pending.clear();
}

}  // namespace

caf::behavior event_hub(caf::stateful_actor<EventHubState>* self, EventHubSetup setup) {
  auto& st = self->state;
  st.capacity = std::max<std::size_t>(setup.capacity, 1);
  st.heartbeat = setup.heartbeat;
  st.render_event = std::move(setup.render_event);
  st.next_id = setup.first_id;
  if (st.heartbeat.count() > 0) self->delayed_send(self, st.heartbeat, heartbeat_atom::value);
  return {
      [=](publish_atom, InstanceEvent event) {
        auto& st = self->state;
        event.id = st.next_id++;
        StreamItem item;
        item.kind = StreamItem::Kind::event;
        auto shared = std::make_shared<const InstanceEvent>(std::move(event));
        if (st.render_event) {
          auto rendered = st.render_event(*shared);
          item.frame = std::move(rendered.frame);
          item.message = std::move(rendered.message);
        }
        item.event = std::move(shared);
        st.history.push_back(item);
        while (st.history.size() > st.capacity) st.history.pop_front();
        // Delivered after whatever else is in the mailbox: under load, publishes queue up
        // and go out together; when quiet, at once.
        st.pending.push_back(std::move(item));
        if (st.pending.size() == 1) self->send(self, flush_atom::value);
      },
      [=](flush_atom) { flush(self->state); },
      [=](subscribe_atom, Subscription sub) {
        auto& st = self->state;
        // What is pending is in the history already: the others get it now, so that the
        // newcomer does not get it twice (from the history, then from the flush).
        flush(st);
        StreamItem subscribed;
        subscribed.kind = StreamItem::Kind::subscribed;
        if (!sub.sink({&subscribed, 1})) return;
        if (sub.last_event_id) {
          auto oldest = st.history.empty() ? st.next_id : st.history.front().event->id;
          // The client has seen up to last_event_id: everything after it must still be here.
          if (*sub.last_event_id + 1 < oldest || *sub.last_event_id >= st.next_id) {
            StreamItem reset;
            reset.kind = StreamItem::Kind::reset;
            if (!sub.sink({&reset, 1})) return;
          } else {
            // In batches a stream's queue can take, so that a long replay makes progress
            // even if the client is cut off part-way.
            std::vector<StreamItem> batch;
            for (auto& item : st.history) {
              if (item.event->id <= *sub.last_event_id || !sub.filter.matches(*item.event))
                continue;
              batch.push_back(item);
              if (batch.size() == replay_batch) {
                if (!sub.sink(batch)) return;
                batch.clear();
              }
            }
            if (!batch.empty() && !sub.sink(batch)) return;
          }
        }
        st.subscribers.emplace(sub.id, std::move(sub));
      },
      [=](unsub_atom, std::uint64_t id) { self->state.subscribers.erase(id); },
      [=](heartbeat_atom) {
        auto& st = self->state;
        StreamItem beat;
        beat.kind = StreamItem::Kind::heartbeat;
        deliver(st, beat);
        self->delayed_send(self, st.heartbeat, heartbeat_atom::value);
      },
  };
}

}  // namespace dc::actors
