#version 330 core
// Anti-aliased without multisampling: coverage falls off over the last pixel of each side.
in vec4 vColor;
in float vAcross;
uniform float width;
out vec4 fragColor;
void main() {
  float cover = clamp(width * 0.5 + 0.5 - abs(vAcross), 0.0, 1.0);
  float a = vColor.a * cover;
  if (a <= 0.002) discard;
  fragColor = vec4(vColor.rgb, a);
}
