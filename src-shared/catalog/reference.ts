/**
 * Reference data: hospitals, their contracts and hardware units. One file per hospital in
 * assets/catalog/hospitals/ (the demo data); later the office service delivers the same shapes.
 */
import { z } from 'zod';
import { CATALOG_LIMITS } from '../domain/limits';
import { HardwareType, LocalizedLongText, LocalizedText, Severity, Slug } from './schema';

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

/** A span of time a contract promises; working hours and days follow the contract's calendar. */
export const Duration = z
  .object({
    amount: z.number().min(0),
    unit: z.enum(['minute', 'hour', 'day', 'working_hour', 'working_day']),
  })
  .strict();
export type Duration = z.infer<typeof Duration>;

export const FaultLevel = z
  .object({
    id: Slug,
    name: LocalizedText,
    description: LocalizedLongText,
    /** The template severity this level answers to; a failed item suggests the level with its severity. */
    severity: Severity,
    respond: Duration.optional(),
    onSite: Duration.optional(),
    resolve: Duration.optional(),
    /** What "resolved" means when no duration is promised (workaround, Service Pack, agreed date). */
    resolveNote: LocalizedLongText.optional(),
    /** Targets that apply outside service hours, where the contract sets different ones (001). */
    outsideHours: z
      .object({ respond: Duration.optional(), onSite: Duration.optional(), resolve: Duration.optional() })
      .strict()
      .optional(),
  })
  .strict();
export type FaultLevel = z.infer<typeof FaultLevel>;

export const ServiceHours = z
  .object({
    /** ISO weekdays 1 (Mon) … 7 (Sun); "workdays" follow the calendar instead (holidays, 调休). */
    days: z.union([z.literal('workdays'), z.array(z.number().int().min(1).max(7)).min(1)]),
    start: Clock,
    end: Clock,
    phone24x7: z.boolean(),
    faultResponse24x7: z.boolean(),
    description: LocalizedLongText,
  })
  .strict();

export const Department = z
  .object({ id: Slug, name: LocalizedText, rooms: z.array(z.string().min(1).max(CATALOG_LIMITS.room)).default([]) })
  .strict();
export type Department = z.infer<typeof Department>;

export const Campus = z
  .object({ id: Slug, name: LocalizedText, departments: z.array(Department).min(1) })
  .strict();
export type Campus = z.infer<typeof Campus>;

export const Hospital = z
  .object({ id: Slug, name: LocalizedText, city: LocalizedText, campuses: z.array(Campus).min(1) })
  .strict();
export type Hospital = z.infer<typeof Hospital>;

export const SignRole = z.enum(['engineer', 'department', 'it_office']);
export type SignRole = z.infer<typeof SignRole>;

export const CoveredSystem = z
  .object({ id: Slug, templateId: Slug, name: LocalizedText })
  .strict();
export type CoveredSystem = z.infer<typeof CoveredSystem>;

export const Contract = z
  .object({
    id: Slug,
    hospitalId: Slug,
    /** The tender document it comes from, e.g. "000_b040cb3abd7e4e1e.txt". */
    seed: z.string().min(1),
    name: LocalizedText,
    period: z.object({ start: z.iso.date(), end: z.iso.date() }).strict(),
    campusIds: z.array(Slug).min(1),
    systems: z.array(CoveredSystem),
    /** Hardware templates the contract covers (queue-calling screens, kiosks, ambulance kits). */
    hardwareTemplateIds: z.array(Slug).default([]),
    serviceHours: ServiceHours,
    /** Calendar id in assets/calendars (public holidays and 调休 make-up workdays). */
    calendar: Slug,
    faultLevels: z.array(FaultLevel).min(1),
    inspection: z
      .object({
        perYear: z.number().int().min(1).max(52),
        description: LocalizedLongText,
      })
      .strict(),
    signOff: z
      .object({ roles: z.array(SignRole).min(1), copies: z.number().int().min(1).max(3), description: LocalizedLongText })
      .strict(),
  })
  .strict();
export type Contract = z.infer<typeof Contract>;

export const Asset = z
  .object({
    id: Slug,
    contractId: Slug,
    hardwareType: HardwareType,
    templateId: Slug,
    /** Printed on the unit's label; a USB scanner types it like a keyboard. Starts with a letter. */
    assetTag: z.string().regex(/^[A-Z][A-Z0-9-]{2,31}$/, 'expected an upper-case tag starting with a letter, e.g. MZ-SCR-001'),
    name: LocalizedText,
    model: z.string().min(1).max(CATALOG_LIMITS.name),
    campusId: Slug,
    departmentId: Slug,
    room: z.string().min(1).max(CATALOG_LIMITS.room),
  })
  .strict();
export type Asset = z.infer<typeof Asset>;

/** One demo/reference file: a hospital with its contracts and hardware units. */
export const HospitalFile = z
  .object({ hospital: Hospital, contracts: z.array(Contract).min(1), assets: z.array(Asset).default([]) })
  .strict()
  .superRefine((f, ctx) => {
    const campusIds = new Set(f.hospital.campuses.map((c) => c.id));
    const deptIds = new Set(f.hospital.campuses.flatMap((c) => c.departments.map((d) => `${c.id}/${d.id}`)));
    const contractIds = new Set(f.contracts.map((c) => c.id));
    f.contracts.forEach((c, ci) => {
      if (c.hospitalId !== f.hospital.id) {
        ctx.addIssue({ code: 'custom', path: ['contracts', ci, 'hospitalId'], message: `must be "${f.hospital.id}"` });
      }
      c.campusIds.forEach((id, i) => {
        if (!campusIds.has(id)) ctx.addIssue({ code: 'custom', path: ['contracts', ci, 'campusIds', i], message: `unknown campus "${id}"` });
      });
    });
    const tags = new Set<string>();
    f.assets.forEach((a, ai) => {
      if (!contractIds.has(a.contractId)) ctx.addIssue({ code: 'custom', path: ['assets', ai, 'contractId'], message: `unknown contract "${a.contractId}"` });
      if (!deptIds.has(`${a.campusId}/${a.departmentId}`)) {
        ctx.addIssue({ code: 'custom', path: ['assets', ai, 'departmentId'], message: `unknown department "${a.campusId}/${a.departmentId}"` });
      }
      if (tags.has(a.assetTag)) ctx.addIssue({ code: 'custom', path: ['assets', ai, 'assetTag'], message: `duplicate asset tag "${a.assetTag}"` });
      tags.add(a.assetTag);
    });
  });
export type HospitalFile = z.infer<typeof HospitalFile>;
