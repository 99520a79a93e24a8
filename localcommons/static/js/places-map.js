// A map of the places a story is about. The list of places beside it stays on the page,
// so the map only adds a picture of where they are.
import { textNode } from "./map-text.js";

const L = window.L;

function initPlacesMap(section) {
  const mapElement = section.querySelector("[data-map]");
  const places = [...section.querySelectorAll("li[data-lat]")].map((item) => ({
    lat: Number.parseFloat(item.dataset.lat),
    lng: Number.parseFloat(item.dataset.lng),
    title: item.dataset.title,
  }));
  if (!L || !mapElement || places.length === 0) {
    return;
  }
  const map = L.map(mapElement, { scrollWheelZoom: false });
  L.tileLayer(section.dataset.tileUrl, {
    attribution: section.dataset.attribution,
    maxZoom: 19,
  }).addTo(map);
  const markers = places.map((place) =>
    L.circleMarker([place.lat, place.lng], {
      radius: 9,
      color: "#134a50",
      weight: 3,
      fillColor: "#1f6f78",
      fillOpacity: 0.9,
    })
      .addTo(map)
      .bindTooltip(textNode(place.title)),
  );
  map.fitBounds(L.featureGroup(markers).getBounds(), { padding: [24, 24], maxZoom: 16 });
}

document.querySelectorAll("[data-places-map]").forEach(initPlacesMap);
