// The station map: markers from the JSON the page embeds, tiles from the server the page names
// (MAP_TILE_URL, docs/deputies-and-stations.md). With no tile server configured, or when no tile
// can be loaded (an intranet that blocks the server), the tile layers are removed and the markers
// stay on a plain background with their names; the station list in the page never depends on this.
(function () {
  "use strict";
  var element = document.getElementById("station-map");
  var source = document.getElementById("station-points");
  if (!element || !source || typeof L === "undefined") { return; }
  var points = JSON.parse(source.textContent);
  if (!points.length) { return; }
  element.hidden = false;
  var data = element.dataset;
  var note = document.getElementById("station-map-note");
  var map = L.map(element, { scrollWheelZoom: false, attributionControl: Boolean(data.tiles) });
  var layers = [];
  var markers = [];
  var loaded = 0;
  var failed = 0;
  var plain = false;

  function showPlain() {
    if (plain) { return; }
    plain = true;
    layers.forEach(function (layer) { map.removeLayer(layer); });
    if (map.attributionControl) { map.removeControl(map.attributionControl); }
    element.classList.add("is-plain");
    data.state = "plain";
    if (note) { note.hidden = false; }
    // Without a background the names are the only orientation: show them when there are few.
    if (markers.length <= 12) {
      markers.forEach(function (marker, index) {
        marker.unbindTooltip();
        marker.bindTooltip(points[index].name, { permanent: true, direction: "right", offset: [8, 0] });
      });
    }
  }

  markers = points.map(function (point) {
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
    marker.bindTooltip(point.name, { direction: "right", offset: [8, 0] });
    return marker.addTo(map);
  });

  if (data.tiles) {
    [data.tiles, data.labels].forEach(function (url, index) {
      if (!url) { return; }
      var layer = L.tileLayer(url, {
        maxZoom: Number(data.maxZoom) || 18,
        subdomains: data.subdomains || "abc",
        attribution: index === 0 ? data.attribution : ""
      });
      if (index === 0) {
        layer.on("tileload", function () {
          loaded += 1;
          if (!plain) { data.state = "tiles"; }
        });
        layer.on("tileerror", function () { failed += 1; });
        // "load" fires once every tile in view has finished, failed ones included.
        // Leaflet still uses the layer after firing it: remove the layers on the next turn.
        layer.on("load", function () { if (failed && !loaded) { window.setTimeout(showPlain, 0); } });
      }
      layers.push(layer.addTo(map));
    });
    // A firewall that drops the requests never lets them fail: give up waiting after 10 seconds.
    window.setTimeout(function () { if (!loaded) { showPlain(); } }, 10000);
  }

  if (markers.length === 1) {
    map.setView(markers[0].getLatLng(), 15);
  } else {
    map.fitBounds(L.featureGroup(markers).getBounds().pad(0.1));
  }
  if (!data.tiles) { showPlain(); }
})();
