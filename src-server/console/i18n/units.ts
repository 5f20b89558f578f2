/** The console's units strings (issue 14), zh-CN first; `unitsEn` must have every key of `unitsZh`. */
export const unitsZh = {
  'units.title': '硬件设备',
};

export const unitsEn: Record<keyof typeof unitsZh, string> = {
  'units.title': 'Hardware units',
};
