// The station map: markers from the JSON the page embeds, tiles from the server the page names
// (MAP_TILE_URL). Without tiles or scripts the list under the map still works.
(function () {
  "use strict";
  var element = document.getElementById("station-map");
  var source = document.getElementById("station-points");
  if (!element || !source || typeof L === "undefined") { return; }
  var points = JSON.parse(source.textContent);
  if (!points.length) { element.hidden = true; return; }
  var map = L.map(element, { scrollWheelZoom: false });
  L.tileLayer(element.dataset.tiles, { maxZoom: 19, attribution: element.dataset.attribution }).addTo(map);
  var markers = points.map(function (point) {
    var marker = L.circleMarker([point.lat, point.lng], { radius: 7, color: "#8f0e16", fillColor: "#b3121b", fillOpacity: 0.85, weight: 2 });
    var link = document.createElement("a");
    link.href = "/stations/" + encodeURIComponent(point.slug) + "/";
    link.textContent = point.name;
    var box = document.createElement("div");
    box.appendChild(link);
    var address = document.createElement("div");
    address.textContent = point.address;
    box.appendChild(address);
    marker.bindPopup(box);
    return marker.addTo(map);
  });
  if (markers.length === 1) {
    map.setView(markers[0].getLatLng(), 15);
  } else {
    map.fitBounds(L.featureGroup(markers).getBounds().pad(0.1));
  }
})();
