#include "actors/event_hub.hpp"

#include <caf/all.hpp>

namespace dc::actors {

namespace {

void deliver(EventHubState& st, const StreamItem& item) {
  for (auto i = st.subscribers.begin(); i != st.subscribers.end();) {
    bool keep = true;
    if (item.kind != StreamItem::Kind::event || i->second.filter.matches(*item.event))
      keep = i->second.sink(item);
    i = keep ? std::next(i) : st.subscribers.erase(i);
  }
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
        deliver(st, item);
      },
      [=](subscribe_atom, Subscription sub) {
        auto& st = self->state;
        StreamItem subscribed;
        subscribed.kind = StreamItem::Kind::subscribed;
        if (!sub.sink(subscribed)) return;
        if (sub.last_event_id) {
          auto oldest = st.history.empty() ? st.next_id : st.history.front().event->id;
          // The client has seen up to last_event_id: everything after it must still be here.
          if (*sub.last_event_id + 1 < oldest || *sub.last_event_id >= st.next_id) {
            StreamItem reset;
            reset.kind = StreamItem::Kind::reset;
            if (!sub.sink(reset)) return;
          } else {
            for (auto& item : st.history) {
              if (item.event->id <= *sub.last_event_id || !sub.filter.matches(*item.event))
                continue;
              if (!sub.sink(item)) return;
            }
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
