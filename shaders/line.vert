#version 330 core
// Outlines of constant screen width: each instance is one segment (a, b in metres); its six vertices
// (two triangles) are pushed out sideways and past the ends by half the width in pixels, so lines stay
// crisp at any zoom and joints are covered.
layout(location = 0) in vec4 seg;  // a.xy, b.xy
layout(location = 1) in int fid;
uniform vec2 center;
uniform vec2 scale;
uniform vec2 viewport;  // pixels
uniform float width;    // pixels
uniform samplerBuffer colors;
uniform float alpha;
out vec4 vColor;
out float vAcross;  // signed distance from the centre line, pixels (for anti-aliased edges)
void main() {
  vec2 half_vp = viewport * 0.5;
  vec2 pa = (seg.xy - center) * scale * half_vp;
  vec2 pb = (seg.zw - center) * scale * half_vp;
  vec2 d = pb - pa;
  float len = length(d);
  vec2 dir = len > 1e-6 ? d / len : vec2(1.0, 0.0);
  vec2 n = vec2(-dir.y, dir.x);
  int v = gl_VertexID;
  int corner = v == 0 ? 0 : v == 1 ? 1 : v == 2 ? 2 : v == 3 ? 2 : v == 4 ? 1 : 3;
  float t = (corner == 0 || corner == 2) ? 0.0 : 1.0;
  float s = corner < 2 ? -1.0 : 1.0;
  float hw = width * 0.5 + 1.0;  // one pixel of fringe, faded out in the fragment shader
  vAcross = s * hw;
  vec2 p = mix(pa, pb, t) + n * s * hw + dir * (t * 2.0 - 1.0) * (width * 0.25);
  gl_Position = vec4(p / half_vp, 0.0, 1.0);
  vColor = texelFetch(colors, fid);
  vColor.a *= alpha;
}
