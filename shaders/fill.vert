#version 330 core
// Filled polygons (pre-triangulated): position in metres relative to the map origin, and the index of
// the feature they belong to; the feature's colour comes from a buffer texture so recolouring after an
// edit is one small upload instead of a new mesh.
layout(location = 0) in vec2 pos;
layout(location = 1) in int fid;
uniform vec2 center;   // view centre, metres relative to the origin
uniform vec2 scale;    // NDC units per metre, x and y
uniform samplerBuffer colors;
uniform float alpha;
out vec4 vColor;
void main() {
  vColor = texelFetch(colors, fid);
  vColor.a *= alpha;
  gl_Position = vec4((pos - center) * scale, 0.0, 1.0);
}
