import type { OfficeStore } from '../port';
import type { PostgresPool } from './pool';
import { pending } from './pending';

type PeopleMethods =
  | 'createEngineer' | 'getEngineer' | 'listEngineers' | 'setEngineerHospitals' | 'updateEngineer'
  | 'createEnrollmentCode' | 'findEnrollmentCode' | 'listOutstandingCodes' | 'expireEnrollmentCode'
  | 'findActiveDeviceByPublicKey' | 'enrollDevice' | 'getDevice' | 'findDeviceByTokenHash' | 'listDevices' | 'touchDevice' | 'revokeDevice'
  | 'createAdmin' | 'getAdmin' | 'listAdmins' | 'updateAdmin' | 'setAdminPassword' | 'createSession' | 'getSession' | 'deleteSession';

export function peopleRepo(_db: PostgresPool, _now: () => string): Pick<OfficeStore, PeopleMethods> {
  return pending(['createEngineer', 'getEngineer', 'listEngineers', 'setEngineerHospitals', 'updateEngineer', 'createEnrollmentCode', 'findEnrollmentCode', 'listOutstandingCodes', 'expireEnrollmentCode', 'findActiveDeviceByPublicKey', 'enrollDevice', 'getDevice', 'findDeviceByTokenHash', 'listDevices', 'touchDevice', 'revokeDevice', 'createAdmin', 'getAdmin', 'listAdmins', 'updateAdmin', 'setAdminPassword', 'createSession', 'getSession', 'deleteSession']);
}
