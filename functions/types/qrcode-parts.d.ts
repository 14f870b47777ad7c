/**
 * The two parts of npm `qrcode` the gate sheets use: the encoder and the SVG renderer. Importing them
 * alone keeps the PNG renderer (and pngjs) out of the bundle.
 */
declare module 'qrcode/lib/core/qrcode.js' {
  export interface QRCodeData {
    modules: { size: number; data: Uint8Array };
  }
  export function create(text: string, options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' }): QRCodeData;
}

declare module 'qrcode/lib/renderer/svg-tag.js' {
  import type { QRCodeData } from 'qrcode/lib/core/qrcode.js';
  export function render(qrData: QRCodeData, options?: { margin?: number; width?: number }): string;
}
