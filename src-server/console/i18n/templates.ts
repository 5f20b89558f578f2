/** The console's templates strings (issue 14), zh-CN first; `templatesEn` must have every key of `templatesZh`. */
export const templatesZh = {
  'templates.title': '检查表',
};

export const templatesEn: Record<keyof typeof templatesZh, string> = {
  'templates.title': 'Checklists',
};
